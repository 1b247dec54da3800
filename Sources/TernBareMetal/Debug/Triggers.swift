/// Sdtrig debug triggers: `Triggers.count` address-match triggers, each
/// programmable as mcontrol (type 2) or mcontrol6 (type 6) for execute, load
/// and store breakpoints, plus tselect, tinfo and tcontrol.
///
/// Supported: action 0 (breakpoint exception, cause 3, xtval = the matching
/// address), timing before, match 0 (equal: any accessed byte), 2 (address >=
/// tdata2) and 3 (address < tdata2), the M/S/U mode bits, no chaining, no data
/// (value) matching; other field values are legalised to those (WARL). In
/// M-mode a trigger fires only while tcontrol.MTE and mstatus.MIE are set
/// (Sdtrig's guards against re-entering an M-mode handler; trap entry into M
/// saves MTE in MPTE and clears it, mret restores it).
public struct Trigger: Sendable, Equatable {
    public var tdata1: UInt64
    public var tdata2: UInt64
    public static let disabled = Trigger(tdata1: Triggers.typeDisabled << 60, tdata2: 0)
}

/// Field layout and rules of the trigger CSRs.
public enum Triggers {
    /// Number of triggers (tselect 0 ..< count).
    public static let count = 2
    static let typeMcontrol: UInt64 = 2
    static let typeMcontrol6: UInt64 = 6
    static let typeDisabled: UInt64 = 15
    /// tinfo: the supported types.
    public static let info: UInt64 = 1 << typeMcontrol | 1 << typeMcontrol6 | 1 << typeDisabled
    static let load: UInt64 = 1 << 0, store: UInt64 = 1 << 1, execute: UInt64 = 1 << 2
    static let user: UInt64 = 1 << 3, supervisor: UInt64 = 1 << 4, machine: UInt64 = 1 << 6
    static let matchShift: UInt64 = 7
    /// tcontrol.MTE and MPTE.
    public static let mte: UInt64 = 1 << 3, mpte: UInt64 = 1 << 7

    /// The tdata1 value a write of `value` leaves (WARL).
    static func legalize(_ value: UInt64) -> UInt64 {
        let type = value >> 60
        guard type == typeMcontrol || type == typeMcontrol6 else { return typeDisabled << 60 }
        var match = (value >> matchShift) & 0xf
        if match != 0 && match != 2 && match != 3 { match = 0 }
        let modes = value & (load | store | execute | user | supervisor | machine)
        let hit: UInt64 = type == typeMcontrol ? value & 1 << 20 : value & (1 << 22 | 1 << 25)
        return type << 60 | hit | match << matchShift | modes
    }

    /// Whether `trigger` is armed for `kind` at `privilege`.
    static func armed(_ trigger: Trigger, for kind: UInt64, privilege: Privilege) -> Bool {
        let type = trigger.tdata1 >> 60
        guard type == typeMcontrol || type == typeMcontrol6, trigger.tdata1 & kind != 0 else { return false }
        let mode: UInt64 = switch privilege {
        case .user: user
        case .supervisor: supervisor
        case .machine: machine
        }
        return trigger.tdata1 & mode != 0
    }

    /// Whether an access of `size` bytes at `address` matches `trigger`'s address.
    static func matches(_ trigger: Trigger, _ address: UInt64, size: UInt64) -> Bool {
        switch (trigger.tdata1 >> matchShift) & 0xf {
        case 2: return address >= trigger.tdata2
        case 3: return address < trigger.tdata2
        default: return trigger.tdata2 &- address < size
        }
    }
}

/// The breakpoints in force for one kind of access at one privilege: what the
/// machine hands the translator and checks on TLB misses.
struct Breakpoints: Equatable {
    var triggers: [Trigger] = []

    var isEmpty: Bool { triggers.isEmpty }

    /// The triggers of `state` armed for any of `kinds` (Triggers.load/store/execute) at `privilege`.
    init(_ state: PrivilegedState, kinds: UInt64, privilege: Privilege) {
        if privilege == .machine && (state.tcontrol & Triggers.mte == 0 || state.mstatus & MStatus.mie == 0) { return }
        triggers = state.triggers.filter { Triggers.armed($0, for: kinds, privilege: privilege) }
    }

    init() {}

    /// Whether an instruction at `pc` hits an execute trigger.
    func hit(pc: UInt64) -> Bool {
        triggers.contains { $0.tdata1 & Triggers.execute != 0 && Triggers.matches($0, pc, size: 1) }
    }

    /// Whether an access of `size` bytes at `address` hits a trigger for `access`.
    func hit(_ address: UInt64, size: UInt64, _ access: AccessType) -> Bool {
        let kind = access == .store ? Triggers.store : access == .load ? Triggers.load : Triggers.execute
        return triggers.contains { $0.tdata1 & kind != 0 && Triggers.matches($0, address, size: size) }
    }

    /// Whether any address in the page starting at `page` could hit.
    func mayHit(page: UInt64) -> Bool {
        triggers.contains { t in
            switch (t.tdata1 >> Triggers.matchShift) & 0xf {
            case 2, 3: true
            default: t.tdata2 >> 12 == page >> 12 || (t.tdata2 &- 7) >> 12 == page >> 12
            }
        }
    }
}
