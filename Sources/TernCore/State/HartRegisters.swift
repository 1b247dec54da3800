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
        return r
    }

    /// Replaces the architectural registers; any LR reservation is dropped.
    /// Throws (changing nothing) for state this build cannot hold.
    public func setRegisters(_ r: HartRegisters) throws(HartStateError) {
        guard r.x.count == 32, r.f.count == 32 else { throw .malformed }
        if let unknown = r.extensions.first {
            throw .unknownExtension(kind: unknown.kind, version: unknown.version)
        }
        for i in 1 ..< 32 { self[x: i] = r.x[i] }
        for i in 0 ..< 32 { self[f: i] = r.f[i] }
        pc = r.pc
        fflags = r.fflags
        frm = r.frm
        state.pointee.retired = r.retired
        state.pointee.resvAddr = .max
    }
}
