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

    /// x0...x31 after running `words` (then `ecall`) with x1, x2, ... preset
    /// to `regs`, under `engine`.
    static func registers(after words: [UInt32], _ regs: [UInt64], engine: Engine) throws -> [UInt64] {
        let r = try GuestRunner(words)
        guard r.machine.setEngine(engine) else { throw GuestRunnerError.engineUnavailable(engine) }
        for (i, v) in regs.enumerated() { r.hart[x: i + 1] = v }
        let stop = r.run()
        guard stop == .ecall else { throw GuestRunnerError.unexpectedStop(stop) }
        return (0..<32).map { r.hart[x: $0] }
    }
}

/// Why `GuestRunner.registers(after:_:engine:)` gave no registers.
enum GuestRunnerError: Error {
    case engineUnavailable(Engine)
    case unexpectedStop(StopReason)
}
