/// Guest registers held in host registers in native code.
///
/// **Cross-block convention.** The guest registers of `convention` live in
/// fixed host registers in every native block: a chain jump, a back edge or an
/// indirect jump between native blocks passes them in those registers, neither
/// stored nor reloaded. They count as written-but-unstored (dirty) from a
/// block's chain entry on, so every exit to the runtime (lookup miss, budget,
/// system call, fallback, guest fault stub) stores them, every body call stores
/// them before and reloads them after, and a host fault on a guest access writes
/// them back from the fault context (`NativeAccess`). The dispatcher entry
/// loads them. So whenever a hart is outside native code its hart struct is the
/// complete state, and inside it they are always current in their registers.
///
/// **Block-local registers.** Each of the block's most used other guest
/// registers gets one of the remaining host registers for the whole block. A
/// write stays in its host register (dirty) until the next body call or block
/// exit stores it to the hart; a copy is valid from its first load or write
/// until a body call; the block's live-in ones are loaded at the chain entry, so
/// a block that branches to itself loops without reloading them.
///
/// Sets of guest registers are bit masks (bit r: x[r]) and the allocation a
/// 32-entry table: the compiler asks for them for every op it emits.
struct NativeRegisterCache {
    /// The cross-block convention: guest register → host register, the same in
    /// every native block: a5, a4, a3 and a0, the registers gcc and clang use
    /// most in hot loops. Four of the eight host registers free for guest
    /// values (r15 holds the guest address limit: a register compare per
    /// access, measured faster than a memory operand in load-bound loops);
    /// more would leave too few for blocks whose hot registers are others
    /// (measured: with six, the kernels whose loops are one block lost more
    /// than the multi-block ones won).
    static let convention: [(guest: UInt8, host: X86Assembler.Reg)] = [
        (15, .r9), (14, .r11), (13, .r10), (10, .rbp),
    ]
    /// Bit mask of the convention's guest registers.
    static let conventionMask: UInt32 = convention.reduce(0) { $0 | 1 << $1.guest }
    /// Host registers for block-local allocation: those the generated code
    /// needs for nothing else and the convention leaves (free again after a
    /// block's last exit, so indirect-jump code may use them).
    static let pool: [X86Assembler.Reg] = [.rsi, .rdi, .rdx, .r8]
    /// Host register number of each guest register (`none`: not allocated).
    private var slots = [UInt8](repeating: none, count: 32)
    private static let none: UInt8 = 0xff
    /// Block-local registers read before the block writes them, in
    /// register order: loaded at the chain entry and valid at the loop head.
    let liveIn: [UInt8]
    /// Every block-local register, in register order.
    let allocated: [UInt8]
    /// Block-local registers the block writes, in register order.
    let allocatedWrites: [UInt8]
    private var valid: UInt32 = 0
    private var dirtySet: UInt32 = 0

    /// Allocates host registers for the guest registers of `ops[0..<count]`
    /// (`reads` gives each op's up to two source registers, `writes` its
    /// destination; 0 for none), most used first.
    init(_ count: Int, reads: (Int) -> (UInt8, UInt8), writes: (Int) -> UInt8) {
        var uses = [Int](repeating: 0, count: 32)
        var written: UInt32 = 0, readFirst: UInt32 = 0
        func read(_ r: UInt8) {
            guard r != 0 && r < 32 else { return }
            uses[Int(r)] += 1
            if written & 1 << r == 0 { readFirst |= 1 << r }
        }
        for i in 0..<count {
            let (a, b) = reads(i)
            read(a)
            read(b)
            let w = writes(i)
            if w != 0 && w < 32 {
                uses[Int(w)] += 1
                written |= 1 << w
            }
        }
        for (g, h) in Self.convention { slots[Int(g)] = h.rawValue }
        valid = Self.conventionMask
        dirtySet = Self.conventionMask
        let used = (1..<32).filter { uses[$0] > 0 && Self.conventionMask & 1 << $0 == 0 }
        let chosen = used.sorted { uses[$0] != uses[$1] ? uses[$0] > uses[$1] : $0 < $1 }.prefix(Self.pool.count)
        var allocatedMask: UInt32 = 0
        for (i, r) in chosen.enumerated() {
            slots[r] = Self.pool[i].rawValue
            allocatedMask |= 1 << r
        }
        allocated = Self.members(allocatedMask)
        liveIn = Self.members(allocatedMask & readFirst)
        allocatedWrites = Self.members(allocatedMask & written)
    }

    /// The registers of a mask, ascending (also `NativeFloatCache`'s).
    static func members(_ mask: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        var m = mask
        while m != 0 {
            out.append(UInt8(m.trailingZeroBitCount))
            m &= m - 1
        }
        return out
    }

    private func pairs(_ mask: UInt32) -> [(guest: UInt8, host: X86Assembler.Reg)] {
        if mask == 0 { return [] }
        return Self.members(mask).map { ($0, X86Assembler.Reg(rawValue: slots[Int($0)])!) }
    }

    /// The host register holding a current copy of guest register `r`, if any.
    func host(of r: UInt8) -> X86Assembler.Reg? { r < 32 && valid & 1 << r != 0 ? slot(of: r) : nil }

    /// The host register allocated to guest register `r`, valid or not.
    func slot(of r: UInt8) -> X86Assembler.Reg? {
        r < 32 && slots[Int(r)] != Self.none ? X86Assembler.Reg(rawValue: slots[Int(r)]) : nil
    }

    /// Notes that `r`'s host register now holds its value.
    mutating func validate(_ r: UInt8) { if slot(of: r) != nil { valid |= 1 << r } }

    /// Notes a write of `r` held in its host register (not yet stored).
    mutating func write(_ r: UInt8) {
        valid |= 1 << r
        dirtySet |= 1 << r
    }

    /// Notes that `regs` (valid) may differ from the hart from here on.
    mutating func assumeDirty(_ regs: [UInt8]) {
        for r in regs where valid & 1 << r != 0 { dirtySet |= 1 << r }
    }

    /// Written registers not yet stored to the hart (bit r: x[r]).
    var dirtyMask: UInt32 { dirtySet }

    /// Every guest register with a host register in this block (convention
    /// and block-local), with its host register number.
    var allocation: [(guest: UInt8, host: UInt8)] {
        (0..<32).compactMap { r in slots[r] == Self.none ? nil : (UInt8(r), slots[r]) }
    }

    /// Written registers not yet stored to the hart, with their host registers.
    var dirty: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(dirtySet) }

    /// Dirty block-local registers (stored before a chained exit; the
    /// convention's stay in their registers).
    var dirtyLocal: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(dirtySet & ~Self.conventionMask) }

    /// Dirty convention registers (stored on exits to the runtime).
    var dirtyConvention: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(dirtySet & Self.conventionMask) }

    /// Convention registers without a current host copy (after a body call).
    var invalidConvention: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(~valid & Self.conventionMask) }

    /// Registers with a current host copy, with their host registers.
    var validRegisters: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(valid) }

    /// Notes that every dirty register was stored.
    mutating func clean() { dirtySet = 0 }

    /// Allocated registers whose copy is not current (to reload before a loop back edge).
    func invalid(among regs: [UInt8]) -> [UInt8] { regs.filter { valid & 1 << $0 == 0 } }

    /// Forgets every host copy (after a call; nothing may be dirty).
    mutating func clear() { valid = 0 }
}
