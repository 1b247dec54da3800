/// Guest FP registers held in xmm registers within one native block.
///
/// Each of the block's most used FP registers gets one of xmm15...xmm2 for the
/// whole block, from the top down (xmm0 and xmm1 are scratch; the native
/// vector code's fast paths clobber ymm0-7 and, for floating point, ymm8 up:
/// `NativeVectorPlan.clobbered`, so the most used copies survive them). The cache is **write-through**:
/// every native write of f[r] also stores it to the hart, so the hart is the
/// complete state at every exit, body call and host fault and nothing is ever
/// written back; the xmm copy only spares the reads (a register operand
/// instead of a load that waits for the store just made). A copy is valid from
/// its first load or write until something clobbers xmm registers (a body
/// call, whose System V callee may use them all, invalidates every copy; a
/// natively compiled vector op only those in the registers it uses, its
/// out-of-line driver call reloading the others), and the next read loads the
/// register again. The
/// live-in ones are loaded at the chain entry, so a block that branches to
/// itself keeps its FP values in xmm registers around the loop.
struct NativeFloatCache {
    /// xmm registers for FP values, most used first (xmm0 and xmm1 are the forms' scratch).
    static let pool: [UInt8] = Array((2...15).reversed())
    private var slots = [UInt8](repeating: none, count: 32)
    private static let none: UInt8 = 0xff
    private var valid: UInt32 = 0
    /// Allocated registers read before the block writes them (loaded at the chain entry).
    let liveIn: [UInt8]
    /// Every allocated register, in register order.
    let allocated: [UInt8]

    /// Allocates xmm registers for the FP registers of `ops[0..<count]`
    /// (`uses` gives each op's FP sources and its FP destination, if any),
    /// most used first, none of `reserved` (bit n: xmm n).
    init(_ count: Int, reserved: UInt16 = 0, uses: (Int) -> (reads: [UInt8], write: UInt8?)) {
        var counts = [Int](repeating: 0, count: 32)
        var written: UInt32 = 0, readFirst: UInt32 = 0
        for i in 0..<count {
            let (reads, write) = uses(i)
            for r in reads where r < 32 {
                counts[Int(r)] += 1
                if written & 1 << r == 0 { readFirst |= 1 << r }
            }
            if let w = write, w < 32 {
                counts[Int(w)] += 1
                written |= 1 << w
            }
        }
        let used = (0..<32).filter { counts[$0] > 0 }
        let pool = Self.pool.filter { reserved & 1 << $0 == 0 }
        let chosen = used.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.prefix(pool.count)
        var mask: UInt32 = 0
        for (i, r) in chosen.enumerated() {
            slots[r] = pool[i]
            mask |= 1 << r
        }
        allocated = NativeRegisterCache.members(mask)
        liveIn = NativeRegisterCache.members(mask & readFirst)
    }

    /// The xmm register holding a current copy of f[r], if any.
    func xmm(of r: UInt8) -> UInt8? { r < 32 && valid & 1 << r != 0 ? slot(of: r) : nil }

    /// The xmm register allocated to f[r], current or not.
    func slot(of r: UInt8) -> UInt8? { r < 32 && slots[Int(r)] != Self.none ? slots[Int(r)] : nil }

    /// Notes that f[r]'s xmm register now holds its value.
    mutating func validate(_ r: UInt8) { if slot(of: r) != nil { valid |= 1 << r } }

    /// Notes that f[r] changed behind the cache (the hart has the new value).
    mutating func invalidate(_ r: UInt8) { if r < 32 { valid &= ~(1 << r) } }

    /// Forgets every copy (xmm registers clobbered).
    mutating func clear() { valid = 0 }

    /// Forgets the copies held in the xmm registers of `clobbered` (bit n: xmm n).
    mutating func clear(clobbered: UInt16) {
        for r in NativeRegisterCache.members(valid) where clobbered & 1 << slots[Int(r)] != 0 { valid &= ~(1 << r) }
    }

    /// Registers with a current copy, with their xmm registers.
    var validRegisters: [(guest: UInt8, xmm: UInt8)] {
        NativeRegisterCache.members(valid).map { ($0, slots[Int($0)]) }
    }

    /// Allocated registers whose copy is not current (to load before a loop back edge).
    func invalid(among regs: [UInt8]) -> [UInt8] { regs.filter { valid & 1 << $0 == 0 } }
}
