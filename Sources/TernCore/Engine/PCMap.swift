/// A hash map keyed by guest addresses (block pcs, page numbers) for the
/// dispatcher's slow path: open addressing with linear probing, a
/// multiplicative (Fibonacci) hash instead of `Hasher`'s SipHash, and
/// backward-shift deletion (no tombstones). A reference type so that updates
/// through `subscript(_:default:)` happen in place without copy-on-write checks.
///
/// `UInt64.max` marks empty slots: it is never found and cannot be inserted
/// (no block starts at an odd address and no page number reaches it).
final class PCMap<Value> {
    private static var empty: UInt64 { .max }
    private var keys: UnsafeMutablePointer<UInt64>
    /// Initialised exactly where `keys` holds a key.
    private var slots: UnsafeMutablePointer<Value>
    private var capacity: Int
    /// 64 - log2(capacity): the hash's top bits index the table.
    private var shift: UInt64
    /// Number of keys held.
    private(set) var count = 0

    /// Creates an empty map with room for `minimumCapacity` keys before it grows.
    init(minimumCapacity: Int = 0) {
        var c = 16
        while c < minimumCapacity * 2 { c <<= 1 }
        capacity = c
        shift = UInt64(64 - c.trailingZeroBitCount)
        keys = .allocate(capacity: c)
        keys.initialize(repeating: Self.empty, count: c)
        slots = .allocate(capacity: c)
    }

    deinit {
        destroyValues()
        keys.deallocate()
        slots.deallocate()
    }

    /// Whether the map holds no key.
    var isEmpty: Bool { count == 0 }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot holding `key`, or -1.
    @inline(__always) private func find(_ key: UInt64) -> Int {
        if key == Self.empty { return -1 }  // never present (an unlinkable block's owner pc)
        let mask = capacity - 1
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return i }
            if k == Self.empty { return -1 }
            i = (i + 1) & mask
        }
    }

    /// The slot of `key`, inserting `make()` first when it is absent.
    private func findOrInsert(_ key: UInt64, _ make: () -> Value) -> Int {
        precondition(key != Self.empty, "PCMap: UInt64.max is not a key")
        let found = find(key)
        if found >= 0 { return found }
        if (count + 1) * 2 > capacity { grow() }
        let mask = capacity - 1
        var i = home(key)
        while keys[i] != Self.empty { i = (i + 1) & mask }
        keys[i] = key
        (slots + i).initialize(to: make())
        count += 1
        return i
    }

    private func grow() {
        let oldKeys = keys, oldSlots = slots, oldCapacity = capacity
        capacity <<= 1
        shift -= 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: Self.empty, count: capacity)
        slots = .allocate(capacity: capacity)
        let mask = capacity - 1
        for j in 0..<oldCapacity where oldKeys[j] != Self.empty {
            var i = home(oldKeys[j])
            while keys[i] != Self.empty { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            (slots + i).moveInitialize(from: oldSlots + j, count: 1)
        }
        oldKeys.deallocate()
        oldSlots.deallocate()
    }

    /// The value for `key`; assigning nil removes it.
    subscript(key: UInt64) -> Value? {
        get {
            let i = find(key)
            return i >= 0 ? slots[i] : nil
        }
        set {
            if let newValue {
                let i = find(key)
                if i >= 0 { slots[i] = newValue } else { _ = findOrInsert(key) { newValue } }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The value for `key`, inserting `defaultValue` when absent (updated in place).
    subscript(key: UInt64, default defaultValue: @autoclosure () -> Value) -> Value {
        get {
            let i = find(key)
            return i >= 0 ? slots[i] : defaultValue()
        }
        _modify {
            let i = findOrInsert(key, defaultValue)
            yield &slots[i]
        }
    }

    /// Runs `body` on the value for `key` in place, if present; its result.
    @discardableResult
    func modify<R>(_ key: UInt64, _ body: (inout Value) throws -> R) rethrows -> R? {
        let i = find(key)
        guard i >= 0 else { return nil }
        return try body(&slots[i])
    }

    /// Removes `key`; returns its value, if it was present.
    @discardableResult
    func removeValue(forKey key: UInt64) -> Value? {
        var i = find(key)
        guard i >= 0 else { return nil }
        let removed = (slots + i).move()
        count -= 1
        // Backward-shift deletion: pull later members of the probe run into the hole.
        let mask = capacity - 1
        var j = i
        while true {
            j = (j + 1) & mask
            let k = keys[j]
            if k == Self.empty { break }
            let h = home(k)
            // Move k unless its home lies cyclically in (i, j].
            let stays = i <= j ? (i < h && h <= j) : (i < h || h <= j)
            if !stays {
                keys[i] = k
                (slots + i).moveInitialize(from: slots + j, count: 1)
                i = j
            }
        }
        keys[i] = Self.empty
        return removed
    }

    /// Removes every key (the table keeps its size when `keepingCapacity`).
    func removeAll(keepingCapacity: Bool = false) {
        destroyValues()
        count = 0
        if !keepingCapacity && capacity > 16 {
            keys.deallocate()
            slots.deallocate()
            capacity = 16
            shift = 60
            keys = .allocate(capacity: capacity)
            slots = .allocate(capacity: capacity)
        }
        keys.initialize(repeating: Self.empty, count: capacity)
    }

    private func destroyValues() {
        for i in 0..<capacity where keys[i] != Self.empty { (slots + i).deinitialize(count: 1) }
    }

    /// The values, in table order.
    var values: [Value] {
        var out: [Value] = []
        out.reserveCapacity(count)
        for i in 0..<capacity where keys[i] != Self.empty { out.append(slots[i]) }
        return out
    }

    /// The keys, in table order.
    var keyList: [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(count)
        for i in 0..<capacity where keys[i] != Self.empty { out.append(keys[i]) }
        return out
    }
}
