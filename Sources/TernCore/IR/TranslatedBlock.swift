import CoreGlue

/// A guest basic block translated into IR: a contiguous array of `TernOp`
/// records, run by tail-calling from one op's handler to the next. The record
/// after the terminator holds its two chain link slots; the record before the
/// first op is the block's `TernBlockHeader` (its pc, native code, heat).
public final class TranslatedBlock: @unchecked Sendable {
    /// Guest pc of the first instruction.
    public let pc: UInt64
    /// The guest code the block runs, in execution order: one range, or more
    /// when it continues through unconditional direct jumps (a superblock;
    /// see `Translator`). Each range ends after its last instruction.
    public var segments: [Range<UInt64>] { storedSegments.isEmpty ? [pc..<guestEnd] : storedSegments }
    /// `segments`, kept only when they are not the one range `pc..<guestEnd`
    /// (most blocks: no array per block; gcc's cc1 caches 190,000 blocks).
    private let storedSegments: [Range<UInt64>]
    /// Lowest guest address of the block's code.
    public let guestStart: UInt64
    /// End of the block's highest guest code (exclusive; at least `pc + 1`):
    /// `guestStart..<guestEnd` covers every byte the block was translated from.
    public let guestEnd: UInt64
    /// Guest instructions in the block (not counting a trailing illegal one).
    public let instructionCount: Int
    /// The op records (including the terminator's link record).
    let ops: UnsafeMutablePointer<TernOp>
    /// The header record in front of `ops`.
    let header: UnsafeMutablePointer<TernBlockHeader>
    /// Number of op records.
    public let opCount: Int

    init(pc: UInt64, segments: [Range<UInt64>], instructionCount: Int, ops: [TernOp]) {
        self.pc = pc
        let start = segments.lazy.map(\.lowerBound).min() ?? pc
        let end = max(segments.lazy.map(\.upperBound).max() ?? pc, pc + 1)
        guestStart = start
        guestEnd = end
        storedSegments = segments.count == 1 && segments[0] == pc..<end ? [] : segments
        self.instructionCount = instructionCount
        self.opCount = ops.count
        let records = UnsafeMutablePointer<TernOp>.allocate(capacity: ops.count + 1)
        (records + 1).initialize(from: ops, count: ops.count)
        self.ops = records + 1
        header = UnsafeMutableRawPointer(records).bindMemory(to: TernBlockHeader.self, capacity: 1)
        header.initialize(to: TernBlockHeader(pc: pc, nativeEntry: nil, heat: 0, nativeState: TernNativeCounting.rawValue,
                                              reserved: 0))
    }

    deinit { UnsafeMutableRawPointer(header).assumingMemoryBound(to: TernOp.self).deallocate() }

    /// IR bytes used by the op records (the header included).
    public var irBytes: Int { (opCount + 1) * MemoryLayout<TernOp>.stride }

    /// Times the block was entered, when it was translated with profiling on.
    public var executionCount: UInt64? {
        ops.pointee.handler == TernOp_profile.handler ? UInt64(bitPattern: ops.pointee.imm) : nil
    }

    /// The ops as values (tests, traces).
    public var opRecords: [TernOp] { Array(UnsafeBufferPointer(start: ops, count: opCount)) }

    /// Names of the ops that run, in order, up to the terminator (the later
    /// records of a superinstruction only carry operands and are left out).
    public var opNames: [String] {
        var names: [String] = []
        var i = 0
        while i < opCount - 1 {
            guard let id = TernOpID(handler: ops[i].handler) else { break }
            names.append(id.name)
            if id.isTerminator { break }
            i += id.records
        }
        return names
    }
}
