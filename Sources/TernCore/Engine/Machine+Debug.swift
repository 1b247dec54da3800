import CoreGlue
import TernISA

/// One watched guest range.
public struct Watchpoint: Equatable, Sendable {
    public var address: UInt64
    public var length: UInt64
    public var kind: WatchKind
    public init(address: UInt64, length: UInt64, kind: WatchKind) {
        self.address = address
        self.length = length
        self.kind = kind
    }
}

/// Debugger support (a gdb stub drives it). Nothing here costs anything to code
/// that does not touch a breakpoint or a watched page:
/// - a breakpoint ends translation before its address, and the block at the
///   address is a single `breakpoint` op that stops before the instruction;
///   setting or clearing one drops only the translations that contain it;
/// - `step` runs one instruction from an uncached single-instruction block (the
///   engine in use is irrelevant: stepping never takes a slower fast path);
/// - watchpoints narrow the host protection of their pages, and a fault there is
///   either reported (the access overlaps a watched range) or the instruction is
///   stepped with the page's protection lifted.
/// Call these while no hart of the machine runs guest code (a debugger's
/// all-stop: `LinuxProcess.withThreadsStopped`). With several harts, a fault
/// on a watched page that touches no watched range steps the instruction in
/// an exclusive section, so no other hart slips past the lifted page meanwhile.
extension Machine {
    /// Breakpoint addresses.
    public var breakpoints: Set<UInt64> { translator.breakpoints }

    /// Stops every hart before it executes the instruction at `pc`.
    public func insertBreakpoint(_ pc: UInt64) {
        guard translator.breakpoints.insert(pc).inserted else { return }
        dropTranslations(containing: pc)
    }

    /// Removes a breakpoint (no effect when none is set at `pc`).
    public func removeBreakpoint(_ pc: UInt64) {
        guard translator.breakpoints.remove(pc) != nil else { return }
        dropTranslations(containing: pc)
    }

    /// Watched ranges.
    public var watchpoints: [Watchpoint] { debugWatchpoints }

    /// Adds a watched range (a range may be watched several times).
    public func insertWatchpoint(_ w: Watchpoint) {
        guard w.length > 0, w.address < GuestMemory.size, w.length <= GuestMemory.size - w.address else { return }
        debugWatchpoints.append(w)
        updateWatchedPages()
    }

    /// Removes one watched range equal to `w`; false when there is none.
    @discardableResult
    public func removeWatchpoint(_ w: Watchpoint) -> Bool {
        guard let i = debugWatchpoints.firstIndex(of: w) else { return false }
        debugWatchpoints.remove(at: i)
        updateWatchedPages()
        return true
    }

    /// Removes every breakpoint and watchpoint (a debugger detaching).
    public func removeAllDebugPoints() {
        for pc in translator.breakpoints { removeBreakpoint(pc) }
        debugWatchpoints = []
        updateWatchedPages()
    }

    /// Runs exactly one instruction of `hart` (or stops before it: breakpoint,
    /// watchpoint, fault, ecall). Returns `.budgetExhausted` when it retired.
    public func step(_ hart: Hart) -> StopReason {
        run(hart, maxInstructions: 1, singleStep: true)
    }

    /// Drops the translations holding `pc` (an exclusive section, so a hart
    /// that is not stopped, such as one blocked in a syscall, can never run them).
    private func dropTranslations(containing pc: UInt64) {
        gate.exclusive {
            cache.lock.withLock {
                let dropped = cache.invalidate(pc, pc &+ 1)  // not inside `nativeTier?.`: it must run without a native tier too
                nativeTier?.invalidate(dropped)
            }
        }
    }

    private func updateWatchedPages() {
        var pages: [UInt64: Bool] = [:]
        for w in debugWatchpoints {
            let readsFault = w.kind != .write
            for page in (w.address / GuestMemory.pageSize)...((w.address + w.length - 1) / GuestMemory.pageSize) {
                pages[page] = (pages[page] ?? false) || readsFault
            }
        }
        memory.setWatchedPages(pages)
    }

    /// What a host fault at guest `address` on a watched page means: the
    /// stop to report, or the pages to lift while the instruction at the
    /// hart's pc is stepped (nil: not a watch fault at all).
    func watchFault(at address: UInt64, isWrite: Bool, hart: UnsafeMutablePointer<TernHart>) -> WatchFault? {
        guard memory.isWatched(address) else { return nil }
        let access = MemoryAccess.of(instructionAt: hart.pointee.pc, hart: hart, memory: memory)
            ?? MemoryAccess(address: address, length: 1, reads: !isWrite, writes: isWrite)
        for w in debugWatchpoints where w.kind.catches(read: access.reads, write: access.writes) {
            if access.address < w.address &+ w.length && w.address < access.address &+ access.length {
                return .report(.watchpoint(address: max(w.address, access.address), kind: w.kind))
            }
        }
        return .step(address: access.address, length: access.length)
    }
}

/// The outcome of a fault on a watched page.
enum WatchFault {
    /// The access touches a watched range.
    case report(DebugStop)
    /// It does not: step the instruction with the watched pages of this range
    /// lifted, then re-arm them.
    case step(address: UInt64, length: UInt64)
}

/// The guest memory an instruction accesses (for watchpoints).
struct MemoryAccess {
    var address: UInt64
    var length: UInt64
    var reads: Bool
    var writes: Bool

    /// Loads, stores and atomics by size; anything else accessing memory falls
    /// back to the faulting byte and the host's read/write classification.
    private static let table: [Opcode: (size: UInt64, reads: Bool, writes: Bool)] = {
        var t: [Opcode: (UInt64, Bool, Bool)] = [
            .lb: (1, true, false), .lbu: (1, true, false), .lh: (2, true, false), .lhu: (2, true, false),
            .lw: (4, true, false), .lwu: (4, true, false), .ld: (8, true, false), .flw: (4, true, false),
            .fld: (8, true, false), .sb: (1, false, true), .sh: (2, false, true), .sw: (4, false, true),
            .sd: (8, false, true), .fsw: (4, false, true), .fsd: (8, false, true),
            .lrW: (4, true, false), .lrD: (8, true, false), .scW: (4, false, true), .scD: (8, false, true),
        ]
        for op in [Opcode.amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW, .amomaxuW] {
            t[op] = (4, true, true)
        }
        for op in [Opcode.amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD, .amominD, .amomaxD, .amominuD, .amomaxuD] {
            t[op] = (8, true, true)
        }
        return t
    }()

    /// Whether an access-table entry uses `x[rs1]` alone (atomics) or `x[rs1] + imm`.
    private static func isAtomic(_ op: Opcode) -> Bool { op.extension == .a }

    init(address: UInt64, length: UInt64, reads: Bool, writes: Bool) {
        self.address = address
        self.length = length
        self.reads = reads
        self.writes = writes
    }

    /// The access of the instruction at `pc`, from the hart's registers.
    static func of(instructionAt pc: UInt64, hart: UnsafeMutablePointer<TernHart>, memory: GuestMemory) -> MemoryAccess? {
        guard let p = memory.pointer(pc, length: 2, .execute) else { return nil }
        var bits = UInt32(p.loadUnaligned(as: UInt16.self))
        if bits & 3 == 3 {
            guard let q = memory.pointer(pc + 2, length: 2, .execute) else { return nil }
            bits |= UInt32(q.loadUnaligned(as: UInt16.self)) << 16
        }
        guard let insn = Decoder.decode(bits), let entry = table[insn.opcode] else { return nil }
        let base = hart.x(insn.rs1)
        let address = isAtomic(insn.opcode) ? base : base &+ UInt64(bitPattern: insn.imm)
        return MemoryAccess(address: address, length: entry.size, reads: entry.reads, writes: entry.writes)
    }
}
