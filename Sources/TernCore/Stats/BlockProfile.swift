/// Entry count of the translated block at one guest pc (`--profile-blocks`).
/// Blocks translated again at the same pc (after invalidation or eviction)
/// add up; the shape (length) is that of the first translation seen.
public struct BlockProfile: Sendable, Equatable {
    /// Guest pc of the block's first instruction.
    public var pc: UInt64
    /// Guest instructions in the block.
    public var instructionCount: Int
    /// The guest code the block runs, in execution order (`TranslatedBlock.segments`).
    public var segments: [Range<UInt64>]
    /// Times the block was entered.
    public var executions: UInt64 = 0

    init(_ block: TranslatedBlock) {
        pc = block.pc
        instructionCount = block.instructionCount
        segments = block.segments
    }
}
