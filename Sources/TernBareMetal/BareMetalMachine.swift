import CoreGlue
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// One hart running a bare-metal program: it starts in machine mode at the
/// ELF entry; the core executes unprivileged code and stops on traps, CSR
/// accesses and privileged instructions, which this type emulates with
/// `PrivilegedState`. Misaligned loads and stores are performed in hardware
/// (allowed by the spec); misaligned atomics trap (cause 4/6). Stores to the
/// HTIF page are emulated and end the run or serve syscalls (see `HTIF`).
public final class BareMetalMachine {
    /// The core machine (address space, translation cache).
    public let machine: Machine
    /// The single hart.
    public let hart = Hart()
    /// Privilege level and CSRs.
    public var state = PrivilegedState()
    let htif: HTIF?

    /// Loads nothing itself: `image` must already be in `machine.memory`.
    /// `console` receives HTIF output (fd 1 or 2, bytes); by default it is written to that fd.
    public init(machine: Machine, image: BareMetalImage,
                console: @escaping (Int32, [UInt8]) -> Void = BareMetalMachine.writeToHost) throws(MemoryError) {
        self.machine = machine
        state.misaValue = PrivilegedState.misa(for: machine.extensions)
        hart.pc = image.entry
        if let tohost = image.tohost {
            let mailbox = HTIF(tohost: tohost, fromhost: image.fromhost, console: console)
            try machine.memory.protect(mailbox.page, length: GuestMemory.pageSize, protection: [.read, .execute])
            htif = mailbox
        } else {
            htif = nil
        }
        syncFloatingPointPolicy()
    }

    /// Tells the translator whether FP instructions may run (mstatus.FS != Off);
    /// with the FPU off they exit and become illegal-instruction traps.
    private func syncFloatingPointPolicy() {
        let policy: SystemInstructionPolicy = state.floatingPointEnabled ? .exit : .exitWithFPUOff
        if machine.systemInstructions != policy { machine.systemInstructions = policy }
    }

    /// Writes guest console output to the host file descriptor.
    public static func writeToHost(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { return }
            done += n
        }
    }

    private var retired: UInt64 {
        get { hart.state.pointee.retired }
        set { hart.state.pointee.retired = newValue }
    }

    /// Runs until the program writes tohost, exits through HTIF, or retires
    /// `maxInstructions` (checked at block boundaries).
    public func run(maxInstructions: UInt64? = nil) -> BareMetalOutcome {
        var lastTrapTarget: UInt64 = .max
        var retiredAtTrap: UInt64 = .max
        while true {
            var budget: UInt64?
            if let limit = maxInstructions {
                guard retired < limit else { return .instructionLimit(retired: retired) }
                budget = limit - retired
            }
            let reason = machine.run(hart, maxInstructions: budget)
            let pc = hart.pc
            var exception: (ExceptionCause, UInt64)?
            switch reason {
            case .budgetExhausted: continue
            case .ecall:
                retired -= 1  // the engine counts ecall as retired; a trap does not retire
                exception = (.ecall(from: state.privilege), 0)
            case .ebreak:
                retired -= 1
                exception = (.breakpoint, pc)
            case .illegalInstruction(let bits): exception = (.illegalInstruction, UInt64(bits))
            case .system(let bits):
                if executeSystem(bits, at: pc) {
                    retired += 1
                    syncFloatingPointPolicy()
                    takePendingInterrupt()
                } else {
                    exception = (.illegalInstruction, UInt64(bits))
                }
            case .fetchFault(let address): exception = (.fetchAccess, address)
            case .loadFault(let address): exception = (.loadAccess, address)
            case .storeFault(let address):
                if let htif, GuestMemory.pageDown(address) == htif.page, emulateStore(at: pc) {
                    switch htif.serve(machine.memory) {
                    case .none: break
                    case .exit(let code): return .tohost(code: code)
                    case .exitSyscall(let code): return .exitSyscall(code: code)
                    }
                } else {
                    exception = (.storeAccess, address)
                }
            case .misalignedAtomic(let address):
                let isLR = decode(at: pc).map { $0.opcode == .lrW || $0.opcode == .lrD } ?? false
                exception = (isLR ? .misalignedLoad : .misalignedStore, address)
            }
            guard let (cause, tval) = exception else { continue }
            if pc == lastTrapTarget && retired == retiredAtTrap {
                return .trapLoop(pc: pc, cause: cause.rawValue)
            }
            hart.pc = state.enterTrap(cause: cause.rawValue, interrupt: false, tval: tval, pc: pc)
            lastTrapTarget = hart.pc
            retiredAtTrap = retired
        }
    }

    /// Takes the highest-priority enabled pending interrupt, if any (checked after
    /// every emulated system instruction: only those change mip, mie, mstatus or
    /// the privilege level).
    private func takePendingInterrupt() {
        guard let interrupt = state.pendingInterrupt else { return }
        hart.pc = state.enterTrap(cause: interrupt.rawValue, interrupt: true, tval: 0, pc: hart.pc)
    }

    /// Emulates a CSR access or privileged instruction at `pc`; false when it is
    /// illegal at the current privilege. On success `hart.pc` is the next pc.
    private func executeSystem(_ bits: UInt32, at pc: UInt64) -> Bool {
        guard let insn = Decoder.decode(bits) else { return false }
        var next = pc &+ 4
        switch insn.opcode {
        case .mret:
            guard let target = state.machineReturn() else { return false }
            next = target
        case .sret:
            guard let target = state.supervisorReturn() else { return false }
            next = target
        case .wfi:
            guard state.wfiAllowed else { return false }
        case .sfenceVma:
            guard state.sfenceAllowed else { return false }
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            let immediate = [.csrrwi, .csrrsi, .csrrci].contains(insn.opcode)
            let source = immediate ? UInt64(insn.rs1) : hart[x: Int(insn.rs1)]
            let writes = insn.opcode == .csrrw || insn.opcode == .csrrwi || insn.rs1 != 0
            let combine: (UInt64) -> UInt64 = switch insn.opcode {
            case .csrrw, .csrrwi: { _ in source }
            case .csrrs, .csrrsi: { $0 | source }
            default: { $0 & ~source }
            }
            guard let old = state.executeCSR(UInt32(insn.imm & 0xfff), writes: writes, retired: retired,
                                             update: combine) else { return false }
            hart[x: Int(insn.rd)] = old
        default:  // F/D instructions and FP CSRs while mstatus.FS is Off
            return false
        }
        hart.pc = next
        return true
    }

    /// The instruction at `pc`, if it can be fetched and decoded.
    private func decode(at pc: UInt64) -> Instruction? {
        guard let low = machine.memory.pointer(pc, length: 2, .execute)?.loadUnaligned(as: UInt16.self) else { return nil }
        var bits = UInt32(low)
        if low & 3 == 3 {
            guard let high = machine.memory.pointer(pc + 2, length: 2, .execute)?.loadUnaligned(as: UInt16.self) else { return nil }
            bits |= UInt32(high) << 16
        }
        return Decoder.decode(bits)
    }

    /// Performs the store at `pc` that faulted on the (read-only) HTIF page and
    /// retires it. False when the instruction is not a plain store (an AMO, for
    /// instance), which then raises a store access fault.
    private func emulateStore(at pc: UInt64) -> Bool {
        guard let insn = decode(at: pc) else { return false }
        let value: UInt64, size: Int
        switch insn.opcode {
        case .sb: (value, size) = (hart[x: Int(insn.rs2)], 1)
        case .sh: (value, size) = (hart[x: Int(insn.rs2)], 2)
        case .sw: (value, size) = (hart[x: Int(insn.rs2)], 4)
        case .sd: (value, size) = (hart[x: Int(insn.rs2)], 8)
        case .fsw: (value, size) = (hart[f: Int(insn.rs2)], 4)
        case .fsd: (value, size) = (hart[f: Int(insn.rs2)], 8)
        default: return false
        }
        let address = hart[x: Int(insn.rs1)] &+ UInt64(bitPattern: insn.imm)
        let stored = withUnsafeBytes(of: value.littleEndian) { bytes in
            (try? machine.memory.writeInitial(address, UnsafeRawBufferPointer(rebasing: bytes[0 ..< size]))) != nil
        }
        guard stored else { return false }
        hart.pc = pc &+ UInt64(insn.length)
        retired += 1
        return true
    }
}
