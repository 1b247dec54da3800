/// A RISC-V privilege level (the encoding used in mstatus.MPP and by CSR addresses).
public enum Privilege: UInt64, Sendable, Comparable {
    case user = 0
    case supervisor = 1
    case machine = 3

    /// Orders by privilege (user < supervisor < machine).
    public static func < (a: Privilege, b: Privilege) -> Bool { a.rawValue < b.rawValue }

    /// WARL legalisation of an MPP value: the reserved level 2 becomes user (as Spike does).
    init(legalizing value: UInt64) { self = Privilege(rawValue: value & 3) ?? .user }
}
