import CoreGlue

/// The architectural state of one hart as plain data: what a checkpoint
/// saves, a fork copies and a debugger shows. `TernHart` (HartState.h) holds
/// these registers next to the engine's per-hart scratch (the LR reservation,
/// jump cache, return-address stack, counters, budget word); only the fields
/// here are architectural. An LR reservation is not part of it: dropping one
/// is always allowed (the SC fails and the guest retries).
public struct HartRegisters: Sendable, Equatable {
    /// x0...x31 (x0 is always 0).
    public var x: [UInt64]
    /// f0...f31 as raw, NaN-boxed bits.
    public var f: [UInt64]
    /// The program counter.
    public var pc: UInt64
    /// Accrued floating-point exception flags (fcsr bits 4:0).
    public var fflags: UInt32
    /// Dynamic rounding mode (fcsr bits 7:5).
    public var frm: UInt32
    /// Instructions retired (`instret`).
    public var retired: UInt64
    /// State of extensions beyond RV64GC, one record each (see `HartExtensionState`).
    public var extensions: [HartExtensionState]

    /// All registers zero.
    public init() {
        x = [UInt64](repeating: 0, count: 32)
        f = [UInt64](repeating: 0, count: 32)
        pc = 0
        fflags = 0
        frm = 0
        retired = 0
        extensions = []
    }

    /// The fcsr value (frm << 5 | fflags).
    public var fcsr: UInt32 { frm << 5 | fflags }
}

/// The architectural state of one ISA extension outside RV64GC, as an opaque
/// versioned record: the extension point for vector state (V: v0-v31, vl,
/// vtype, vstart, vxrm, vxsat). A hart restores the records it knows and
/// refuses the others, so a checkpoint never resumes with state silently lost.
public struct HartExtensionState: Sendable, Equatable {
    /// The kind of the V extension's record (see `Hart.vectorRecord`).
    public static let vector: UInt32 = 1

    /// Which extension (`HartExtensionState.Kind` raw values are stable).
    public var kind: UInt32
    /// Layout version of `bytes` for that kind.
    public var version: UInt32
    /// The state, little-endian, in the kind's documented layout.
    public var bytes: [UInt8]

    public init(kind: UInt32, version: UInt32, bytes: [UInt8]) {
        self.kind = kind
        self.version = version
        self.bytes = bytes
    }
}

/// Why a hart refused architectural state.
public enum HartStateError: Error, Equatable, Sendable {
    /// Wrong register counts.
    case malformed
    /// An extension record this build does not know (kind, version).
    case unknownExtension(kind: UInt32, version: UInt32)
}

extension Hart {
    /// The architectural registers (x, f, pc, fcsr, instret, extension state).
    public var registers: HartRegisters {
        var r = HartRegisters()
        for i in 1 ..< 32 { r.x[i] = self[x: i] }
        for i in 0 ..< 32 { r.f[i] = self[f: i] }
        r.pc = pc
        r.fflags = fflags
        r.frm = frm
        r.retired = retired
        if let v = vectorRecord { r.extensions.append(v) }
        return r
    }

    /// The V state as an extension record (kind 1, version 1): vl, vtype,
    /// vstart (u64 each), vxrm, vxsat, vlenb (u32 each), a u32 of zero, then
    /// v0-v31 (32 * vlenb bytes), little-endian. Nil when the hart has none.
    var vectorRecord: HartExtensionState? {
        let h = state.pointee
        let vlenb = Int(h.vlenb)
        guard vlenb > 0, vlenb <= Int(TERN_VLENB_MAX) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40 + 32 * vlenb)
        for word in [h.vl, h.vtype, h.vstart] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        for word in [h.vxrm, h.vxsat, h.vlenb, 0] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        withUnsafeBytes(of: &state.pointee.v) { bytes += $0.prefix(32 * vlenb) }
        return HartExtensionState(kind: HartExtensionState.vector, version: 1, bytes: bytes)
    }

    /// Replaces the architectural registers; any LR reservation is dropped.
    /// Throws (changing nothing) for state this build cannot hold.
    public func setRegisters(_ r: HartRegisters) throws(HartStateError) {
        guard r.x.count == 32, r.f.count == 32 else { throw .malformed }
        var vector: [UInt8]?
        for e in r.extensions {
            guard e.kind == HartExtensionState.vector, e.version == 1 else {
                throw .unknownExtension(kind: e.kind, version: e.version)
            }
            let vlenb = e.bytes.count >= 40 ? Int(e.bytes[32]) | Int(e.bytes[33]) << 8 | Int(e.bytes[34]) << 16 | Int(e.bytes[35]) << 24 : -1
            guard vlenb > 0, vlenb <= Int(TERN_VLENB_MAX), e.bytes.count == 40 + 32 * vlenb else { throw .malformed }
            vector = e.bytes
        }
        for i in 1 ..< 32 { self[x: i] = r.x[i] }
        for i in 0 ..< 32 { self[f: i] = r.f[i] }
        pc = r.pc
        fflags = r.fflags
        frm = r.frm
        state.pointee.retired = r.retired
        state.pointee.resvAddr = .max
        if let b = vector {
            func u64(_ at: Int) -> UInt64 { (0 ..< 8).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) } }
            func u32(_ at: Int) -> UInt32 { UInt32(truncatingIfNeeded: u64(at) & 0xFFFF_FFFF) }
            state.pointee.vl = u64(0)
            state.pointee.vtype = u64(8)
            state.pointee.vstart = u64(16)
            state.pointee.vxrm = u32(24)
            state.pointee.vxsat = u32(28)
            state.pointee.vlenb = u32(32)
            withUnsafeMutableBytes(of: &state.pointee.v) { raw in
                b[40...].withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
        }
    }

    /// The VLEN / 8 of a saved vector record, nil without one.
    public static func savedVectorLengthBytes(_ r: HartRegisters) -> UInt32? {
        guard let e = r.extensions.first(where: { $0.kind == HartExtensionState.vector }), e.bytes.count >= 40 else { return nil }
        return UInt32(e.bytes[32]) | UInt32(e.bytes[33]) << 8 | UInt32(e.bytes[34]) << 16 | UInt32(e.bytes[35]) << 24
    }
}
