import CoreGlue

/// A guest memory access in native code: its op (in whichever block of the
/// region it belongs to), the code offset of the access instruction and the
/// guest registers written but not yet stored there (bit r: x[r]; their host
/// registers are the block's `NativeAccessTable.hosts`).
struct NativeAccess {
    var op: UnsafePointer<TernOp>
    var offset: UInt32
    var dirtyMask: UInt32
}

/// The guest memory accesses of one native block, so that a host fault there
/// is reported at the op's guest pc with exact registers (no per-access store).
/// Sixteen bytes per access in one array, sorted by code offset, plus the
/// block's guest → host register allocation once: a native block's metadata
/// outlives its compile (gcc's cc1 compiles 65,000 blocks), and a dictionary
/// with an array of registers per access cost a hash insert and an allocation
/// per access when compiling, and more memory than the code itself.
struct NativeAccessTable {
    /// The accesses, ascending by offset.
    private(set) var sites: [NativeAccess] = []
    /// Host register number of every guest register the block keeps in a
    /// host register (those a dirty mask may name).
    private(set) var hosts: [(guest: UInt8, host: UInt8)] = []

    /// An empty table for a block whose registers live in `hosts`.
    init(hosts: [(guest: UInt8, host: UInt8)]) { self.hosts = hosts }

    /// Records the access instruction at `offset` (offsets arrive in
    /// increasing order as the code is emitted).
    mutating func append(_ op: UnsafePointer<TernOp>, offset: Int, dirtyMask: UInt32) {
        let access = NativeAccess(op: op, offset: UInt32(offset), dirtyMask: dirtyMask)
        if let last = sites.last, last.offset >= access.offset {
            // Out of order (never expected): keep the table sorted, the later record winning.
            sites.removeAll { $0.offset == access.offset }
            sites.insert(access, at: sites.firstIndex { $0.offset > access.offset } ?? sites.endIndex)
        } else {
            sites.append(access)
        }
    }

    /// The access whose instruction starts at `offset`, if any.
    func access(at offset: Int) -> NativeAccess? {
        var lo = 0, hi = sites.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(sites[mid].offset) < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo < sites.count && Int(sites[lo].offset) == offset ? sites[lo] : nil
    }

    /// The unstored guest registers of `access` and the host registers holding them.
    func dirty(_ access: NativeAccess) -> [(guest: UInt8, host: UInt8)] {
        hosts.filter { access.dirtyMask & 1 << $0.guest != 0 }
    }

    /// Number of accesses recorded.
    var count: Int { sites.count }
}
