import CoreGlue

/// The guest blocks one native block is compiled from: a hot head block and
/// the successors it reaches through unconditional direct jumps (superblock
/// formation). Each block but the last ends in a `jal x0` (or the plain jump
/// of a block cut at the length limit or before a breakpoint) to the next one;
/// those jumps become **junctions** inside the native code, where the
/// successor's pc is an internal label:
///
/// - the junction retires the block before it (r13 += its instruction count)
///   and compares the retired count with the budget word, exactly as a chain
///   jump does (rule 5 of the concurrency contract): a used-up budget leaves
///   the region there with every dirty guest register stored and pc = the
///   successor's, the state the dispatcher expects at that block boundary;
/// - it counts one fused block entry (`nativeFusedEntries`, docs/STATS.md);
/// - guest registers stay in their host registers across it (the register
///   allocation covers the whole region).
///
/// A region is formed only from blocks the translation cache holds and the
/// tier covers completely (a successor not translated yet, or with an op the
/// tier does not compile, ends the region with an ordinary chain exit), so it
/// is valid exactly as long as a chain link between its blocks would be: the
/// tier registers it under every member's pc and drops it when any member is
/// dropped (code change, breakpoint, flush). A block appears at most once in
/// a region; a last block that jumps or branches back to the head closes a
/// loop whose back edge stays inside the region.
struct NativeRegion {
    /// At most this many guest blocks per region.
    static let maxBlocks = 6
    /// At most this many IR ops per region (bounds code size and compile time).
    static let maxOps = 160

    /// The blocks, head first.
    let blocks: [TranslatedBlock]
    /// Every op compiled, block after block (link records excluded).
    let ops: [UnsafePointer<TernOp>]
    /// Whether `ops[i]` is a junction (a fused block's last op).
    let junctions: [Bool]

    /// The region headed by `head`: while the last block ends in an
    /// unconditional direct jump to a block `successor` returns (a cached
    /// block, not yet in the region) that the tier covers completely, that
    /// block is appended, up to the limits. `fuse` false: `head` alone.
    init(head: TranslatedBlock, fuse: Bool, successor: (UInt64) -> TranslatedBlock?) {
        var blocks = [head]
        var total = head.opCount - 1
        if fuse {
            while blocks.count < Self.maxBlocks, let target = Self.fusableTarget(blocks.last!),
                  !blocks.contains(where: { $0.pc == target }), let next = successor(target) {
                let count = next.opCount - 1
                guard total + count <= Self.maxOps,
                      NativeCompiler.coverage(UnsafePointer(next.ops), count: count).complete else { break }
                blocks.append(next)
                total += count
            }
        }
        var ops: [UnsafePointer<TernOp>] = []
        var junctions: [Bool] = []
        ops.reserveCapacity(total)
        junctions.reserveCapacity(total)
        for (n, b) in blocks.enumerated() {
            let count = b.opCount - 1
            for i in 0..<count {
                ops.append(UnsafePointer(b.ops + i))
                junctions.append(n < blocks.count - 1 && i == count - 1)
            }
        }
        self.blocks = blocks
        self.ops = ops
        self.junctions = junctions
    }

    /// The head's guest pc.
    var pc: UInt64 { blocks[0].pc }

    /// Guest blocks after the head.
    var fusedBlocks: ArraySlice<TranslatedBlock> { blocks.dropFirst() }

    /// The target of `block`'s last op when it is an unconditional direct jump
    /// without a return-address push (`jal` with rd not a link register, or the
    /// plain jump of a block cut short) and the tier covers the whole block.
    static func fusableTarget(_ block: TranslatedBlock) -> UInt64? {
        let count = block.opCount - 1
        guard count > 0 else { return nil }
        let last = block.ops[count - 1]
        let id = NativeOpTable.id(of: last)
        guard id == TernOp_jump || id == TernOp_jal,
              NativeCompiler.coverage(UnsafePointer(block.ops), count: count).complete else { return nil }
        return UInt64(bitPattern: last.imm)
    }
}
