/// Every decodable 32-bit instruction, in `Opcode` order (new extensions append
/// their own lists here).
public let allInstructions: [InstructionRow] = rv64gInstructions + bitManipInstructions + systemHintInstructions
    + halfPrecisionInstructions + zfaInstructions + vectorInstructionRows

/// Every fused pair row, in rule order.
public var allPairs: [PairRow] { pairSections.flatMap(\.rows) }
