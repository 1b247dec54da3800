import CoreGlue
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// One hart running a bare-metal program: it starts in machine mode at the
/// ELF entry; the core executes unprivileged code and stops on traps, CSR
/// accesses and privileged instructions, which this type emulates with
/// `PrivilegedState`. While the hart pages (Sv39/Sv48), runs under MPRV, is
/// restricted by PMP or has load/store triggers armed, the core reaches memory
/// through the data TLB (`dataTLBMiss`) and fetches through `fetchPhysical`;
/// otherwise guest addresses are physical and the direct path runs, as fast
/// as without any of this. Misaligned loads and stores are performed in
/// hardware (allowed by the spec); misaligned atomics trap (cause 4/6).
/// Device accesses (CLINT, HTIF mailbox) are emulated.
public final class BareMetalMachine {
    /// The core machine (address space, translation cache).
    public let machine: Machine
    /// The single hart.
    public let hart = Hart()
    /// Privilege level and CSRs.
    public var state = PrivilegedState()
    let htif: HTIF?
    let tlb = DataTLB()
    /// The exception a refused TLB miss reported (taken when the engine stops).
    var pendingException: Exception?
    /// Load/store triggers armed at the data privilege, execute triggers at the current one.
    var dataBreakpoints = Breakpoints()
    var executeBreakpoints = Breakpoints()
    /// PMP restrictions of S/U accesses, cached per PMP configuration.
    var protectionCache: (pmpcfg: [UInt64], pmpaddr: [UInt64], restricted: [Privilege: Bool])?
    /// What the core was last configured with, and what the TLB was filled under.
    var coreContext: CoreContext?
    var tlbContext: TLBContext?

    /// Physical RAM (Spike's DRAM) mapped by `BareMetalImage.load` besides the program.
    public static let ramBase: UInt64 = 0x8000_0000

    /// Loads nothing itself: `image` must already be in `machine.memory`.
    /// `console` receives HTIF output (fd 1 or 2, bytes); by default it is written to that fd.
    public init(machine: Machine, image: BareMetalImage,
                console: @escaping (Int32, [UInt8]) -> Void = BareMetalMachine.writeToHost) throws(MemoryError) {
        self.machine = machine
        // Every `jal` ends its block: `--max-instructions` and trap entry stay
        // at the granularity ISA tests expect (a spinning `j .` stops exactly).
        machine.superblocks = false
        state.misaValue = PrivilegedState.misa(for: machine.extensions)
        hart.pc = image.entry
        if let tohost = image.tohost {
            let mailbox = HTIF(tohost: tohost, fromhost: image.fromhost, console: console)
            try machine.memory.protect(mailbox.page, length: GuestMemory.pageSize, protection: [.read, .execute])
            htif = mailbox
        } else {
            htif = nil
        }
        installDataTLB()
        syncContext()
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

    var retired: UInt64 {
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
            // Stop when mtime reaches mtimecmp (or Sstc's stimecmp), to raise the timer interrupt.
            let now = state.mtime(retired: retired)
            if state.mtimecmp > now { budget = min(budget ?? .max, state.mtimecmp - now) }
            if state.menvcfg & PrivilegedState.MEnvCfg.stce != 0 && state.stimecmp > now {
                budget = min(budget ?? .max, state.stimecmp - now)
            }
            pendingException = nil
            let reason = machine.run(hart, maxInstructions: budget)
            let pc = hart.pc
            var exception: Exception?
            switch reason {
            case .budgetExhausted:
                takePendingInterrupt()
                continue
            case .ecall:
                retired -= 1  // the engine counts ecall as retired; a trap does not retire
                exception = Exception(.ecall(from: state.privilege), tval: 0)
            case .ebreak:
                retired -= 1
                exception = Exception(.breakpoint, tval: pc)
            case .illegalInstruction(let bits): exception = Exception(.illegalInstruction, tval: UInt64(bits))
            case .system(0) where executeBreakpoints.hit(pc: pc):
                exception = Exception(.breakpoint, tval: pc)
            case .system(let bits):
                if let insn = Decoder.decode(bits), Self.envcfgField(of: insn.opcode) != nil {
                    switch emulateCacheBlockOperation(insn, at: pc, bits: bits) {
                    case .retired: continue
                    case .exception(let e): exception = e
                    case .exit(let outcome): return outcome
                    }
                } else if let insn = Decoder.decode(bits), insn.opcode.extension == .a {
                    switch emulateMemoryInstruction(at: pc) {
                    case .retired: continue
                    case .exception(let e): exception = e
                    case .exit(let outcome): return outcome
                    }
                } else if executeSystem(bits, at: pc) {
                    retired += 1
                    syncContext()
                    takePendingInterrupt()
                } else {
                    exception = Exception(.illegalInstruction, tval: UInt64(bits))
                }
            case .fetchFault: exception = fetchException(at: pc)
            case .loadFault, .storeFault:
                if let e = pendingException {
                    exception = e
                } else {
                    switch emulateMemoryInstruction(at: pc) {
                    case .retired: takePendingInterrupt()  // a CLINT store may raise one
                    case .exception(let e): exception = e
                    case .exit(let outcome): return outcome
                    }
                }
            case .debug:  // no debugger drives bare-metal machines: as if an ebreak
                exception = Exception(.breakpoint, tval: pc)
            case .misalignedAtomic(let address):
                let isLR = decode(at: pc).map { $0.opcode == .lrW || $0.opcode == .lrD } ?? false
                exception = Exception(isLR ? .misalignedLoad : .misalignedStore, tval: address)
            }
            guard let exception else { continue }
            if pc == lastTrapTarget && retired == retiredAtTrap {
                return .trapLoop(pc: pc, cause: exception.cause.rawValue)
            }
            hart.pc = state.enterTrap(cause: exception.cause.rawValue, interrupt: false, tval: exception.tval, pc: pc)
            syncContext()
            lastTrapTarget = hart.pc
            retiredAtTrap = retired
        }
    }

    /// Takes the highest-priority enabled pending interrupt, if any (checked
    /// after every emulated system instruction, device store and timer stop:
    /// the only places mip, mie, mstatus or the privilege change).
    private func takePendingInterrupt() {
        state.updateDeviceInterrupts(retired: retired)
        guard let interrupt = state.pendingInterrupt else { return }
        hart.pc = state.enterTrap(cause: interrupt.rawValue, interrupt: true, tval: 0, pc: hart.pc)
        syncContext()
    }

    /// `wfi`: when no enabled interrupt is pending, time skips to the earliest
    /// enabled timer deadline (mtimecmp, or stimecmp under Sstc: the hart would
    /// sleep until then); otherwise it returns at once (a legal implementation).
    private func waitForInterrupt() {
        state.updateDeviceInterrupts(retired: retired)
        if state.mip & state.mie == 0, let deadline = state.nextTimerDeadline(retired: retired) {
            state.timeOffset &+= deadline - state.mtime(retired: retired)
        }
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
            waitForInterrupt()
        case .sfenceVma:
            guard state.sfenceAllowed else { return false }
            flushAddressTranslations(page: insn.rs1 == 0 ? nil : hart[x: Int(insn.rs1)])
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            let immediate = [.csrrwi, .csrrsi, .csrrci].contains(insn.opcode)
            let source = immediate ? UInt64(insn.rs1) : hart[x: Int(insn.rs1)]
            let writes = insn.opcode == .csrrw || insn.opcode == .csrrwi || insn.rs1 != 0
            let combine: (UInt64) -> UInt64 = switch insn.opcode {
            case .csrrw, .csrrwi: { _ in source }
            case .csrrs, .csrrsi: { $0 | source }
            default: { $0 & ~source }
            }
            state.updateDeviceInterrupts(retired: retired)
            let csr = UInt32(insn.imm & 0xfff)
            let satp = state.satp
            guard let old = state.executeCSR(csr, writes: writes, retired: retired, update: combine) else { return false }
            if state.satp != satp { flushAddressTranslations() }
            hart[x: Int(insn.rd)] = old
        default:  // F/D instructions and FP CSRs while mstatus.FS is Off
            return false
        }
        hart.pc = next
        return true
    }

    /// The instruction at `pc` as the hart fetches it now, if it can be fetched and decoded.
    func decode(at pc: UInt64) -> Instruction? {
        func halfword(_ address: UInt64) -> UInt16? {
            guard let physical = fetchPhysical(address), physical < GuestMemory.size else { return nil }
            return machine.memory.pointer(physical, length: 2, .execute)?.loadUnaligned(as: UInt16.self)
        }
        guard let low = halfword(pc) else { return nil }
        var bits = UInt32(low)
        if low & 3 == 3 {
            guard let high = halfword(pc &+ 2) else { return nil }
            bits |= UInt32(high) << 16
        }
        return Decoder.decode(bits)
    }
}
