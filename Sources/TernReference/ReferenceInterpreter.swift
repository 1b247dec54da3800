#if canImport(Glibc)
import Glibc
#endif

/// A plain RV64GC user-mode interpreter: fetch, decode with its own
/// `ReferenceDecoder` (tables transcribed from the specification, not TernISA's),
/// execute one instruction at a time on its own registers and `ReferenceMemory`.
///
/// Its semantics are written from the specification independently of the
/// engines' handlers (FP arithmetic comes from `TernFloat`, which is itself
/// cross-checked against the host FPU and testfloat-style vectors), so running
/// both on one program and comparing them checks the decoder and the engines.
public final class ReferenceInterpreter {
    /// Integer registers (x[0] is always 0).
    public var x = [UInt64](repeating: 0, count: 32)
    /// Floating-point registers as raw (NaN-boxed) bits.
    public var f = [UInt64](repeating: 0, count: 32)
    /// Program counter.
    public var pc: UInt64 = 0
    /// Accrued FP exception flags.
    public var fflags: UInt32 = 0
    /// Dynamic rounding mode.
    public var frm: UInt32 = 0
    /// Instructions retired (read by the cycle and instret CSRs).
    public var retired: UInt64 = 0
    /// LR reservation: address and the value the LR read.
    public var reservation: (address: UInt64, value: UInt64)?
    /// The address space.
    public let memory: ReferenceMemory
    /// The extensions of the CPU (names as in ISA strings: `zba`, `c`...); nil: all
    /// the reference knows. Instructions of others are illegal, as on that CPU.
    public var extensions: Set<String>? {
        didSet {
            disabled = extensions.map { names in ReferenceExtension.allCases.filter { $0 != .privileged && !names.contains($0.rawValue) } } ?? []
            compressedEnabled = extensions?.contains("c") ?? true
        }
    }
    /// The reference's extensions `extensions` leaves out (checked per instruction;
    /// usually few or none).
    private var disabled: [ReferenceExtension] = []
    private var compressedEnabled = true
    /// The V state (none until `vector.vlenb` is set: vector instructions are then illegal).
    public var vector = ReferenceVectorState()

    /// Test hook: a deliberate bug (see `InjectedFault`).
    public var injectedFault: InjectedFault?
    /// Test hook: a deliberate bug in one vector instruction (see `InjectedVectorFault`).
    public var injectedVectorFault: InjectedVectorFault?
    /// Source of the `time` CSR (10 MHz); the host's monotonic clock by default.
    public var clock: () -> UInt64 = ReferenceInterpreter.hostTime
    /// Set when an instruction read state outside the architecture's control
    /// (the `time` CSR); cleared by the caller.
    public var readNondeterministicState = false

    /// The instruction the last `step` executed or attempted (nil: unfetchable,
    /// undecodable or a vector instruction, then named by `lastVectorMnemonic`).
    public private(set) var lastInstruction: ReferenceInstruction?
    /// The mnemonic of the vector instruction the last `step` executed or attempted.
    public private(set) var lastVectorMnemonic: String?

    /// An interpreter over `memory` with all registers zero.
    public init(memory: ReferenceMemory) { self.memory = memory }

    /// Executes one instruction. Returns nil when it retired normally.
    public func step() -> ReferenceStop? {
        lastInstruction = nil
        lastVectorMnemonic = nil
        guard let lo = memory.read(pc, size: 2, .execute) else { return .fetchFault(address: pc) }
        var bits = UInt32(lo)
        if lo & 3 == 3 {
            guard let hi = memory.read(pc &+ 2, size: 2, .execute) else { return .fetchFault(address: pc) }
            bits |= UInt32(hi) << 16
        }
        let outcome: Outcome, length: UInt64
        if let v = ReferenceVectorDecoder.decode(bits) {
            lastVectorMnemonic = v.row.mnemonic
            outcome = executeVector(v)
            length = 4
            if case .next = outcome, let fault = injectedVectorFault, fault.mnemonic == v.row.mnemonic { perturb(v, fault) }
        } else {
            guard let insn = ReferenceDecoder.decode(bits) else { return .illegalInstruction(bits: bits) }
            lastInstruction = insn
            outcome = execute(insn)
            length = UInt64(insn.length)
        }
        switch outcome {
        case .next:
            pc &+= length
            retired &+= 1
            return nil
        case .jump(let target):
            pc = target
            retired &+= 1
            return nil
        case .stop(let reason):
            if reason == .ecall || reason == .ebreak { retired &+= 1 }
            return reason
        }
    }

    /// What executing one instruction did.
    enum Outcome {
        case next
        case jump(UInt64)
        case stop(ReferenceStop)
    }

    /// Dispatches on the instruction's extension.
    func execute(_ i: ReferenceInstruction) -> Outcome {
        let ext = i.opcode.extension
        if !disabled.isEmpty && disabled.contains(ext) || (i.length == 2 && !compressedEnabled) { return illegal(i) }
        switch ext {
        case .i, .m: return executeInteger(i)
        case .a: return executeAtomic(i)
        case .f, .d: return executeFloat(i)
        case .zicsr: return executeCSR(i)
        case .zifencei, .zawrs: return .next
        case .zba, .zbb, .zbc, .zbs, .zicond, .zimop: return executeBitManip(i)
        case .zicbom, .zicboz: return executeCacheBlock(i)
        case .zfhmin, .zfh, .zfa: return executeHalfAndZfa(i)
        case .privileged: return illegal(i)  // mret, sret, wfi, sfence.vma: not in user mode
        }
    }

    /// The illegal-instruction stop for `i`.
    func illegal(_ i: ReferenceInstruction) -> Outcome { .stop(.illegalInstruction(bits: i.bits)) }

    /// Writes integer register `rd` (x0 ignored), applying an injected fault.
    func setX(_ rd: UInt8, _ value: UInt64, _ i: ReferenceInstruction) {
        guard rd != 0 else { return }
        var v = value
        if let fault = injectedFault, fault.opcode == i.opcode { v ^= fault.xorMask }
        x[Int(rd)] = v
    }

    /// Writes floating-point register `rd`, applying an injected fault.
    func setF(_ rd: UInt8, _ value: UInt64, _ i: ReferenceInstruction) {
        var v = value
        if let fault = injectedFault, fault.opcode == i.opcode { v ^= fault.xorMask }
        f[Int(rd)] = v
    }

    /// The host's monotonic clock as a 10 MHz timebase (as on QEMU's virt machine).
    public static func hostTime() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 10_000_000 &+ UInt64(ts.tv_nsec) / 100
    }
}

/// A deliberate bug for testing checkers: every executed vector instruction
/// named `mnemonic` has its result perturbed, the first 64 bits of register vd
/// (or x[rd] for those writing an integer register) XORed with `xorMask`.
public struct InjectedVectorFault: Sendable, Equatable {
    /// The vector mnemonic (`vadd.vv`).
    public var mnemonic: String
    /// Bits flipped.
    public var xorMask: UInt64
    /// A fault perturbing `mnemonic` by `xorMask`.
    public init(mnemonic: String, xorMask: UInt64 = 1) { self.mnemonic = mnemonic; self.xorMask = xorMask }
}

extension ReferenceInterpreter {
    /// Applies `fault` to the result of `i`.
    func perturb(_ i: ReferenceVectorInstruction, _ fault: InjectedVectorFault) {
        if i.row.writesX {
            if i.vd != 0 { x[i.vd] ^= fault.xorMask }
        } else {
            let word = vector.element(i.vd, 0, min(8, vector.vlenb))
            vector.setElement(i.vd, 0, min(8, vector.vlenb), word ^ fault.xorMask)
        }
    }
}

/// A deliberate bug for testing checkers: every executed instruction with
/// `opcode` has its register result (x or f) XORed with `xorMask`.
public struct InjectedFault: Sendable, Equatable {
    /// The instruction whose result is perturbed.
    public var opcode: ReferenceOpcode
    /// Bits flipped in its integer destination value.
    public var xorMask: UInt64
    /// A fault perturbing `opcode` by `xorMask`.
    public init(opcode: ReferenceOpcode, xorMask: UInt64 = 1) { self.opcode = opcode; self.xorMask = xorMask }
}
