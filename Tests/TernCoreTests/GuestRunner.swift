import TernCore

/// Runs hand-encoded instruction words on a fresh machine: code at 0x10000,
/// a 64 KiB data page at 0x20000; the words are followed by `ecall`.
struct GuestRunner {
    static let codeBase: UInt64 = 0x10000
    static let dataBase: UInt64 = 0x20000
    let machine: Machine
    let hart = Hart()

    init(_ words: [UInt32], appendEcall: Bool = true) throws {
        machine = try Machine()
        try machine.memory.map(Self.codeBase, length: 0x10000, protection: [.read, .execute])
        try machine.memory.map(Self.dataBase, length: 0x10000, protection: [.read, .write])
        let code = (words + (appendEcall ? [Enc.ecall] : [])).flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        try code.withUnsafeBytes { try machine.memory.writeInitial(Self.codeBase, $0) }
        hart.pc = Self.codeBase
    }

    /// Runs to the next stop.
    @discardableResult
    func run(maxInstructions: UInt64? = 100_000) -> StopReason { machine.run(hart, maxInstructions: maxInstructions) }
}
