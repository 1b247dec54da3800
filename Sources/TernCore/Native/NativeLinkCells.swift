/// One-word prediction cells of native indirect jumps: a `jalr`'s inline cache
/// and a call's return cell (what the native return-address stack entry of the
/// call points at). A cell holds the chain entry of a native block (whose guest
/// pc is the 8-byte header before it, checked by the generated code against
/// the computed target) or the jump table's empty entry; generated code fills
/// it from the jump table on a miss (one pointer-sized store: another hart
/// sees the old or the new entry). Cells live outside the code arena, in one
/// slab that is never freed while the tier exists, so a stale cell pointer in a
/// hart's return-address stack still points at a cell; entries pointing at a
/// dropped block are emptied in the exclusive section that drops it.
final class NativeLinkCells {
    /// Cells in the slab; sites compiled when none is free go without one.
    static let capacity = 1 << 16

    private let cells: UnsafeMutablePointer<UInt>
    private let empty: UInt
    private var free: [Int] = []
    /// Cells handed out so far (the slab's high-water mark).
    private var used = 0

    /// A slab of empty cells (`empty`: the jump table's empty entry).
    init(empty: UInt) {
        self.empty = empty
        cells = .allocate(capacity: Self.capacity)
        cells.initialize(repeating: empty, count: Self.capacity)
    }

    deinit { cells.deallocate() }

    /// An empty cell, or nil when the slab is full (lock held).
    func allocate() -> UnsafeMutablePointer<UInt>? {
        if let i = free.popLast() { return cells + i }
        guard used < Self.capacity else { return nil }
        used += 1
        return cells + (used - 1)
    }

    /// Empties a cell and takes it back (exclusive section, lock held).
    func release(_ cell: UnsafeMutablePointer<UInt>) {
        cell.pointee = empty
        free.append(cells.distance(to: cell))
    }

    /// Empties every cell pointing at one of `entries` (chain entries of
    /// dropped blocks; exclusive section, lock held).
    func forget(_ entries: Set<UInt>) {
        guard !entries.isEmpty else { return }
        for i in 0..<used where entries.contains(cells[i]) { cells[i] = empty }
    }
}
