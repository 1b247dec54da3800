import CoreGlue

/// The native tier's direct-mapped guest pc → native code table, probed by
/// generated `jalr` code (returns, calls through pointers) so indirect jumps
/// between native blocks need no dispatcher lookup. Each entry is one word:
/// the chain entry of a native block, whose guest pc is the 8-byte header
/// right before it (NativeCompiler's layout); generated code compares that
/// pc with the target. An empty entry points just past a header holding an
/// odd pc (never a jump target), so the probe needs no null check. Entries
/// are written under the translation cache's lock and cleared in exclusive
/// sections; harts read them without a lock and see old or new, never half.
/// A block takes its entry when it is compiled and again on every dispatcher
/// entry (`NativeTier.entry`), so a block that lost its entry to another one
/// comes back after one miss. Large programs have tens of thousands of native
/// blocks (CPython: ~25,000): with 4096 entries, 15% of its block entries went
/// through the dispatcher.
struct NativeJumpTable {
    static let size = 32768
    static let mask = UInt32(size - 1)

    let entries: UnsafeMutablePointer<UInt>
    /// Headers with pc UINT64_MAX: an empty entry points just past the first,
    /// the megamorphic marker of inline caches just past the second.
    private let empty: UnsafeMutablePointer<UInt64>

    init() {
        empty = .allocate(capacity: 3)
        empty.initialize(repeating: .max, count: 3)
        entries = .allocate(capacity: Self.size)
        entries.initialize(repeating: UInt(bitPattern: empty + 1), count: Self.size)
    }

    func deallocate() {
        entries.deallocate()
        empty.deallocate()
    }

    var address: UInt { UInt(bitPattern: entries) }

    /// The value of an empty entry (never equal to a chain entry).
    var emptyEntry: UInt { UInt(bitPattern: empty + 1) }

    /// A value that is not a chain entry either, distinct from `emptyEntry`
    /// (an inline cache that missed once: `NativeCompiler.indirectJump`).
    var megamorphicEntry: UInt { UInt(bitPattern: empty + 2) }

    private func slot(_ pc: UInt64) -> UnsafeMutablePointer<UInt> {
        entries + Int((pc >> 1) & UInt64(Self.mask))
    }

    /// Points `pc`'s entry at a chain entry (its header holds `pc`).
    func insert(_ pc: UInt64, code: UnsafeMutablePointer<UInt8>) {
        tern_store_release_ptr(UnsafeMutableRawPointer(slot(pc)).assumingMemoryBound(to: UnsafeRawPointer?.self),
                               UnsafeRawPointer(code))
    }

    /// Whether `pc`'s entry holds `pc`'s code (read without the lock).
    func holds(_ pc: UInt64) -> Bool {
        UnsafeRawPointer(bitPattern: slot(pc).pointee)!.load(fromByteOffset: -8, as: UInt64.self) == pc
    }

    /// Empties `pc`'s entry if it holds `pc`'s code.
    func remove(_ pc: UInt64) {
        let s = slot(pc)
        if UnsafeRawPointer(bitPattern: s.pointee)!.load(fromByteOffset: -8, as: UInt64.self) == pc {
            s.pointee = UInt(bitPattern: empty + 1)
        }
    }
}
