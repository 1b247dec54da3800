import TernSpec

/// Turns the instruction description (`TernSpec`) into the checked-in
/// generated sources. `tern-gen` writes them; `GeneratedFilesTests` checks
/// that the files in the repository equal what this produces.
public enum SpecGenerator {
    /// Every generated file, or the description's inconsistencies.
    public static func files() throws -> [GeneratedFile] {
        let problems = SpecValidation.problems()
        guard problems.isEmpty else { throw SpecError(problems: problems) }
        return [
            opcodeFile(), instructionTableFile(), opsDefFile(), opSelectionFile(),
            fusionRulesFile(), adjacentHandlersFile(), linkedGlueFile(), nativeFormsFile(), fuzzOpsFile(),
        ]
    }

    /// All instruction rows in `Opcode` order.
    static var rows: [InstructionRow] { allInstructions }
}

/// The description contradicts itself.
public struct SpecError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
