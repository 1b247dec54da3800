/// The native tier's direct-mapped guest pc → native code table, probed by
/// generated `jalr` code (returns, calls through pointers) so indirect jumps
/// between native blocks need no dispatcher lookup. Entries are 16 bytes:
/// guest pc, then the block's chain entry. A block takes its entry when it is
/// compiled and again on every dispatcher entry (`NativeTier.entry`), so a
/// block that lost its entry to another one comes back after one miss. Large
/// programs have tens of thousands of native blocks (CPython: ~25,000): with
/// 4096 entries, 15% of its block entries went through the dispatcher.
struct NativeJumpTable {
    static let size = 32768
    static let mask = UInt32(size - 1)

    struct Entry {
        var pc: UInt64
        var code: UInt
    }

    let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.size)
        entries.initialize(repeating: Entry(pc: .max, code: 0), count: Self.size)
    }

    func deallocate() { entries.deallocate() }

    var address: UInt { UInt(bitPattern: entries) }

    private func slot(_ pc: UInt64) -> UnsafeMutablePointer<Entry> {
        entries + Int((pc >> 1) & UInt64(Self.mask))
    }

    func insert(_ pc: UInt64, code: UnsafeMutablePointer<UInt8>) {
        slot(pc).pointee = Entry(pc: pc, code: UInt(bitPattern: code))
    }

    func remove(_ pc: UInt64) {
        if slot(pc).pointee.pc == pc { slot(pc).pointee = Entry(pc: .max, code: 0) }
    }

    func clear() { entries.update(repeating: Entry(pc: .max, code: 0), count: Self.size) }
}
