import CoreGlue

/// One RISC-V hart: its architectural state lives in a fixed C struct
/// (`TernHart`) reached through an unsafe pointer, as the handlers require.
public final class Hart: @unchecked Sendable {
    /// The state the threaded handlers operate on.
    public let state: UnsafeMutablePointer<TernHart>

    /// A hart with all registers zero, no reservation and an unlimited budget.
    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: TernHart())
        state.pointee.resvAddr = .max
        state.pointee.budget = .max
        state.pointee.vlenb = 16
        state.pointee.vtype = VectorState.vill
        state.pointee.vectorRows = nil  // set at the hart's first vector op (`VectorRowTable.attach`)
        let jumpCache = UnsafeMutablePointer<UnsafePointer<TernOp>?>.allocate(capacity: Int(TERN_JUMP_CACHE_SIZE))
        jumpCache.initialize(repeating: nil, count: Int(TERN_JUMP_CACHE_SIZE))
        state.pointee.jumpCache = jumpCache
        state.resetReturnStack(cache: nil, generation: 0)  // no entry matches any pc (native code reads them unchecked)
    }

    deinit {
        state.pointee.jumpCache.deallocate()
        state.deallocate()
    }

    /// The program counter.
    public var pc: UInt64 {
        get { state.pointee.pc }
        set { state.pointee.pc = newValue }
    }

    /// Integer register `i` (x0 always reads 0; writes to it are ignored).
    public subscript(x i: Int) -> UInt64 {
        get { state.x(UInt8(i & 31)) }
        set { if i & 31 != 0 { state.setX(UInt8(i & 31), newValue) } }
    }

    /// Floating-point register `i` as raw (NaN-boxed) bits.
    public subscript(f i: Int) -> UInt64 {
        get { state.f(UInt8(i & 31)) }
        set { state.setF(UInt8(i & 31), newValue) }
    }

    /// Accrued floating-point exception flags (fflags).
    public var fflags: UInt32 {
        get { state.pointee.fflags }
        set { state.pointee.fflags = newValue & 0x1f }
    }

    /// Dynamic rounding mode (frm).
    public var frm: UInt32 {
        get { state.pointee.frm }
        set { state.pointee.frm = newValue & 7 }
    }

    /// Guest instructions retired so far.
    public var retired: UInt64 { state.pointee.retired }

    /// Copies every architectural register from `other` (x, f, pc, fcsr).
    public func copyArchitecturalState(from other: Hart) {
        withUnsafeMutableBytes(of: &state.pointee.x) { dst in
            withUnsafeBytes(of: other.state.pointee.x) { dst.copyMemory(from: $0) }
        }
        withUnsafeMutableBytes(of: &state.pointee.f) { dst in
            withUnsafeBytes(of: other.state.pointee.f) { dst.copyMemory(from: $0) }
        }
        pc = other.pc
        fflags = other.fflags
        frm = other.frm
        copyVectorState(from: other)
    }
}

/// Byte offset of `f[0]` inside `TernHart`.
@usableFromInline var fRegisterOffset: Int { Int(TernHartFOffset) }

extension UnsafeMutablePointer where Pointee == TernHart {
    /// Integer register `i` (0...32; 32 is the write sink).
    @inline(__always) func x(_ i: UInt8) -> UInt64 {
        UnsafeMutableRawPointer(self).load(fromByteOffset: Int(i) &<< 3, as: UInt64.self)
    }
    /// Sets integer register `i`; the translator never passes 0 here except
    /// through the sink mapping, so no check is needed.
    @inline(__always) func setX(_ i: UInt8, _ v: UInt64) {
        UnsafeMutableRawPointer(self).storeBytes(of: v, toByteOffset: Int(i) &<< 3, as: UInt64.self)
    }
    /// Floating-point register `i` as raw bits.
    @inline(__always) func f(_ i: UInt8) -> UInt64 {
        UnsafeMutableRawPointer(self).load(fromByteOffset: fRegisterOffset &+ (Int(i) &<< 3), as: UInt64.self)
    }
    /// Sets floating-point register `i`.
    @inline(__always) func setF(_ i: UInt8, _ v: UInt64) {
        UnsafeMutableRawPointer(self).storeBytes(of: v, toByteOffset: fRegisterOffset &+ (Int(i) &<< 3), as: UInt64.self)
    }
}
