#if canImport(Glibc)
import Glibc
#endif
import TernCore
import TernISA
import TernLinux
import TernReference

/// Runs one Linux guest under two execution strategies — the threaded engine
/// (`Machine`/`Hart`) and `ReferenceInterpreter` — and compares their
/// architectural state (x, f, pc, fflags, frm, with V the vector registers and
/// CSRs, and the bytes each block stored) after every engine block.
///
/// The engine runs exactly one block per `Machine.run(_, maxInstructions: 1)`;
/// the reference then retires the same number of instructions. System calls
/// execute once, on the engine side: both sides stop at the `ecall`, the whole
/// address space is compared, the Linux personality serves the call, and the
/// reference adopts the resulting registers and every page that changed.
public final class LockstepChecker {
    /// The guest process (its machine and hart are the engine side).
    public let process: LinuxProcess
    /// The reference side.
    public let reference: ReferenceInterpreter

    /// Blocks compared so far.
    public private(set) var blocks: UInt64 = 0
    /// System calls served.
    public private(set) var syscalls: UInt64 = 0
    /// Blocks after which the reference adopted the engine's registers because
    /// it read the host clock (`time` CSR), which cannot agree between two runs.
    public private(set) var clockResyncs: UInt64 = 0
    /// The reference's V state for the CPU model (nil: no V), installed while V
    /// is on for the checked thread.
    private var vectorModel: ReferenceVectorState?

    /// How a checked run ended.
    public enum Outcome: Equatable, Sendable {
        /// No divergence; the guest ended this way.
        case agreed(ProcessExit)
        /// The strategies disagreed.
        case diverged(Divergence)
        /// `maxInstructions` were retired without a divergence; the guest is still running.
        case budgetExhausted
    }

    /// Prepares a checker for a freshly loaded `process`; the reference starts
    /// from a copy of its memory and registers.
    public init(process: LinuxProcess) {
        self.process = process
        reference = ReferenceInterpreter(memory: ReferenceMemory())
        let extensions = process.machine.extensions
        reference.extensions = Set(extensions.members.map(\.name))
        if extensions.contains(.v) {
            vectorModel = ReferenceVectorState(vlenb: Int(process.machine.vlenb), extensions: Set(extensions.members.map(\.name)))
        }
        MemoryMirror.sync(from: process.machine.memory, to: reference.memory)
        adoptRegisters()
        reference.retired = process.hart.retired
    }

    /// Runs to the end of the guest, the first divergence, or until the guest
    /// has retired `maxInstructions` instructions (checked at block boundaries).
    public func run(maxInstructions: UInt64 = .max) -> Outcome {
        process.withSignalInterrupts { check(maxInstructions: maxInstructions) }
    }

    private func check(maxInstructions: UInt64) -> Outcome {
        let hart = process.hart, machine = process.machine
        while hart.retired < maxInstructions {
            let blockPC = hart.pc, before = hart.retired
            let reason = machine.run(hart, maxInstructions: 1)
            blocks += 1
            let count = hart.retired &- before
            reference.memory.storeLog = []
            var trace: [(pc: UInt64, insn: ReferenceInstruction?, stores: Int)] = []
            var refStop: ReferenceStop?
            var steps: UInt64 = 0
            // The retired instructions, then (for a stop that does not retire) one more.
            let extra: UInt64 = retires(reason) ? 0 : 1
            while steps < count + extra {
                let pc = reference.pc
                refStop = reference.step()
                trace.append((pc, reference.lastInstruction, reference.memory.storeLog!.count))
                steps += 1
                if refStop != nil { break }
            }
            if reference.readNondeterministicState {
                reference.readNondeterministicState = false
                clockResyncs += 1
                adoptRegisters()
            }
            if let d = compare(reason, refStop, blockPC: blockPC, before: before, trace: trace) {
                return .diverged(d)
            }
            reference.memory.storeLog = nil
            switch reason {
            case .budgetExhausted:
                break
            case .ecall:
                if let m = MemoryMirror.firstDifference(machine.memory, reference.memory) {
                    return .diverged(Divergence(blockPC: blockPC, pc: hart.pc, disassembly: disassemble(hart.pc),
                                                retiredBefore: before, registers: [], memory: [m],
                                                stops: nil))
                }
                syscalls += 1
                if let end = process.handle(reason) { return .agreed(end) }
                MemoryMirror.sync(from: machine.memory, to: reference.memory)
                adoptRegisters()
            default:
                if let end = process.handle(reason) { return .agreed(end) }
                adoptRegisters()
            }
            if let end = deliverSignals() { return .agreed(end) }
        }
        return .budgetExhausted
    }

    /// Delivers pending guest signals as `LinuxProcess.run` does; when a handler
    /// frame was pushed, the reference continues from the engine's state.
    private func deliverSignals() -> ProcessExit? {
        let hart = process.hart
        let pc = hart.pc, sp = hart[x: 2]
        if let end = process.syscalls.deliverSignals() { return end }
        if hart.pc != pc || hart[x: 2] != sp {
            MemoryMirror.sync(from: process.machine.memory, to: reference.memory)
            adoptRegisters()
        }
        return nil
    }

    /// Whether the engine counted the instruction it stopped at as retired.
    private func retires(_ reason: StopReason) -> Bool {
        switch reason {
        case .budgetExhausted, .ecall, .ebreak: return true
        default: return false
        }
    }

    /// The reference's stop for an engine stop reason (nil: ran on).
    private func expectedStop(_ reason: StopReason) -> ReferenceStop? {
        switch reason {
        case .budgetExhausted: return nil
        case .ecall: return .ecall
        case .ebreak: return .ebreak
        case .illegalInstruction(let bits): return .illegalInstruction(bits: bits)
        case .fetchFault(let a): return .fetchFault(address: a)
        case .loadFault(let a): return .loadFault(address: a)
        case .storeFault(let a): return .storeFault(address: a)
        case .misalignedAtomic(let a): return .misalignedAtomic(address: a)
        // Only under the bare-metal policy; a Linux guest sees these as illegal.
        case .system(let bits): return .illegalInstruction(bits: bits)
        // Lockstep sets no breakpoints or watchpoints.
        case .debug: return nil
        }
    }

    /// Copies x, f, pc, fflags, frm and the V state from the engine's hart to the reference.
    private func adoptRegisters() {
        let hart = process.hart
        // V on or off for the thread (prctl, `Hart.vectorEnabled`): the reference's
        // vector instructions are legal exactly while the engine's are.
        let vectorOn = vectorModel != nil && hart.vectorEnabled
        if vectorOn != (reference.vector.vlenb > 0) { reference.vector = vectorOn ? vectorModel! : ReferenceVectorState() }
        for i in 0..<32 {
            reference.x[i] = hart[x: i]
            reference.f[i] = hart[f: i]
        }
        reference.pc = hart.pc
        reference.fflags = hart.fflags
        reference.frm = hart.frm
        if reference.vector.vlenb > 0 {
            let c = hart.vectorCSRs
            reference.vector.vl = c.vl; reference.vector.vtype = c.vtype; reference.vector.vstart = c.vstart
            reference.vector.vxrm = c.vxrm; reference.vector.vxsat = c.vxsat
            reference.vector.registers = engineVectorRegisters()
        }
    }

    /// The engine's v0-v31 at the machine's VLEN (a hart takes the machine's vlenb
    /// when it first runs; its registers are all zero before).
    private func engineVectorRegisters() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: process.hart.vectorRegisterFile, count: 32 * reference.vector.vlenb))
    }

    /// The V state's differences: the CSRs, then per register its first differing
    /// 64-bit chunk (`v3[1]`: bytes 8-15 of v3).
    private func vectorDifferences() -> [RegisterDifference] {
        guard reference.vector.vlenb > 0 else { return [] }
        let hart = process.hart, c = hart.vectorCSRs, r = reference.vector
        let vlenb = r.vlenb
        // The common case, checked after every block: all equal.
        let same = r.registers.withUnsafeBytes { memcmp(hart.vectorRegisterFile, $0.baseAddress!, 32 * vlenb) == 0 }
        if same && c.vl == r.vl && c.vtype == r.vtype && c.vstart == r.vstart && c.vxrm == r.vxrm && c.vxsat == r.vxsat {
            return []
        }
        var out: [RegisterDifference] = []
        for (name, engine, ref) in [("vl", c.vl, r.vl), ("vtype", c.vtype, r.vtype), ("vstart", c.vstart, r.vstart),
                                    ("vxrm", c.vxrm, r.vxrm), ("vxsat", c.vxsat, r.vxsat)] where engine != ref {
            out.append(RegisterDifference(name: name, engine: engine, reference: ref))
        }
        if same { return out }
        let file = engineVectorRegisters()
        for n in 0..<32 {
            let engine = Array(file[n * vlenb..<(n + 1) * vlenb]), ref = Array(r.registers[n * vlenb..<(n + 1) * vlenb])
            guard engine != ref, let chunk = stride(from: 0, to: vlenb, by: 8).first(where: {
                engine[$0..<$0 + 8] != ref[$0..<$0 + 8]
            }) else { continue }
            func word(_ b: [UInt8]) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[chunk + $1]) << UInt64(8 * $1) } }
            out.append(RegisterDifference(name: "v\(n)[\(chunk / 8)]", engine: word(engine), reference: word(ref)))
        }
        return out
    }

    private func compare(_ reason: StopReason, _ refStop: ReferenceStop?, blockPC: UInt64, before: UInt64,
                         trace: [(pc: UInt64, insn: ReferenceInstruction?, stores: Int)]) -> Divergence? {
        let hart = process.hart
        var registers: [RegisterDifference] = []
        var writers: [Int] = []  // trace index blamed per difference
        // The engine's instructions of this block (straight-line up to its terminator),
        // decoded only once a difference shows up.
        var engineBlock: [Instruction?]?
        let last = max(trace.count - 1, 0)
        /// The engine's last writer in the block, capped at the reference's last step:
        /// a register the engine wrote after the point where the reference stopped
        /// differs because of that stop, so the stop is blamed for it.
        func lastWriter(_ test: (Instruction) -> Bool) -> Int {
            if engineBlock == nil { engineBlock = decodeBlock(at: blockPC, count: Int(hart.retired &- before) + 1) }
            guard let e = engineBlock!.lastIndex(where: { $0.map(test) ?? false }) else { return last }
            return min(e, last)
        }
        for i in 1..<32 where hart[x: i] != reference.x[i] {
            registers.append(RegisterDifference(name: RegisterName.x(i), engine: hart[x: i], reference: reference.x[i]))
            writers.append(lastWriter { Effects.writesX($0) && Int($0.rd) == i })
        }
        for i in 0..<32 where hart[f: i] != reference.f[i] {
            registers.append(RegisterDifference(name: RegisterName.f(i), engine: hart[f: i], reference: reference.f[i]))
            writers.append(lastWriter { Effects.writesF($0) && Int($0.rd) == i })
        }
        if hart.fflags != reference.fflags {
            registers.append(RegisterDifference(name: "fflags", engine: UInt64(hart.fflags), reference: UInt64(reference.fflags)))
            writers.append(lastWriter { Effects.touchesFCSR($0) })
        }
        if hart.frm != reference.frm {
            registers.append(RegisterDifference(name: "frm", engine: UInt64(hart.frm), reference: UInt64(reference.frm)))
            writers.append(lastWriter { $0.opcode.extension == .zicsr })
        }
        for d in vectorDifferences() {
            registers.append(d)
            if d.name.hasPrefix("v"), let n = Int(d.name.dropFirst().prefix { $0.isNumber }) {
                writers.append(lastWriter { Effects.writesV($0, n) })
            } else {
                writers.append(lastWriter { Effects.isVector($0) || $0.opcode.extension == .zicsr })
            }
        }
        if hart.pc != reference.pc {
            registers.append(RegisterDifference(name: "pc", engine: hart.pc, reference: reference.pc))
            writers.append(last)
        }
        let stores = reference.memory.storeLog ?? []
        let memory = MemoryMirror.differences(at: stores, process.machine.memory, reference.memory)
        for m in memory {
            let k = stores.firstIndex { m.address >= $0.address && m.address < $0.address &+ UInt64($0.size) } ?? 0
            writers.append(trace.firstIndex { $0.stores > k } ?? last)
        }
        let expected = expectedStop(reason)
        let stopsDiffer = expected != refStop
        if stopsDiffer { writers.append(last) }
        guard !registers.isEmpty || !memory.isEmpty || stopsDiffer else { return nil }
        let blamed = trace.isEmpty ? nil : trace[writers.min() ?? trace.count - 1]
        let pc = blamed?.pc ?? blockPC
        return Divergence(blockPC: blockPC, pc: pc, disassembly: disassemble(pc), retiredBefore: before,
                          registers: registers, memory: memory,
                          stops: stopsDiffer ? "engine \(reason), reference \(refStop.map { "\($0)" } ?? "ran on")" : nil)
    }

    /// The instruction bits at `pc` in the engine's memory (nil: unfetchable).
    private func fetch(_ pc: UInt64) -> UInt32? {
        guard let p = process.machine.memory.pointer(pc, length: 2, .execute) else { return nil }
        var bits = UInt32(p.loadUnaligned(as: UInt16.self))
        if bits & 3 == 3 {
            guard let q = process.machine.memory.pointer(pc + 2, length: 2, .execute) else { return nil }
            bits |= UInt32(q.loadUnaligned(as: UInt16.self)) << 16
        }
        return bits
    }

    /// Up to `count` instructions from `pc`, laid out straight (as in one block).
    private func decodeBlock(at pc: UInt64, count: Int) -> [Instruction?] {
        var out: [Instruction?] = []
        var a = pc
        while out.count < count, let bits = fetch(a) {
            let insn = Decoder.decode(bits)
            out.append(insn)
            a &+= bits & 3 == 3 ? 4 : 2
        }
        return out
    }

    /// Disassembly of the instruction at `pc` in the engine's memory.
    private func disassemble(_ pc: UInt64) -> String {
        guard let bits = fetch(pc) else { return "<unfetchable>" }
        guard let insn = Decoder.decode(bits) else { return "<illegal 0x\(String(bits, radix: 16))>" }
        return Disassembler.text(insn, pc: pc)
    }
}

/// Which architectural registers an instruction writes (for blame).
enum Effects {
    static func writesX(_ i: Instruction) -> Bool {
        switch i.opcode.format {
        case .reg, .imm, .load, .upper, .jump, .jalr, .shift64, .shift32, .csr, .csrImm, .amo, .lr,
             .fpCompare, .fpToX, .fpToXNoRM: return true
        default: return false
        }
    }
    static func writesF(_ i: Instruction) -> Bool {
        switch i.opcode.format {
        case .fpLoad, .fpR4, .fpR, .fpRNoRM, .fpR1, .xToFP, .xToFPNoRM: return true
        default: return false
        }
    }
    /// A V instruction (V itself or an extension requiring it).
    static func isVector(_ i: Instruction) -> Bool { i.opcode.extension == .v || i.opcode.requiredExtensions.contains(.v) }
    /// Whether `i` may write vector register `n` (a destination group of up to 8 at rd;
    /// not the stores, nor the instructions writing x[rd]).
    static func writesV(_ i: Instruction, _ n: Int) -> Bool {
        guard isVector(i) else { return false }
        switch i.opcode.format {
        case .vMem, .vMemStrided, .vMemIndexed, .vMemWhole: if i.opcode.mnemonic.hasPrefix("vs") { return false }
        case .vsetvli, .vsetivli, .vToScalar: return false
        default: if writesX(i) { return false }
        }
        return Int(i.rd) <= n && n < Int(i.rd) + 8
    }
    static func touchesFCSR(_ i: Instruction) -> Bool {
        i.opcode.extension == .f || i.opcode.extension == .d || i.opcode.extension == .zicsr
    }
}
