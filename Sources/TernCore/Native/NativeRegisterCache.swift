/// Guest registers held in host registers within one native block. Each of
/// the block's most used guest registers gets one host register for the whole
/// block. A write to an allocated register stays in its host register (dirty)
/// until the next body call or block exit stores it to the hart; a guest memory
/// fault in between writes the dirty registers back from the fault's host
/// registers (`NativeAccess`). A copy is valid from its first load or write
/// until a body call (which may clobber the host register or write the guest
/// register); the block's live-in registers are loaded at the chain entry, so a
/// block that branches to itself loops without reloading them.
///
/// Sets of guest registers are bit masks (bit r: x[r]) and the allocation a
/// 32-entry table: the compiler asks for them for every op it emits.
struct NativeRegisterCache {
    /// Host registers the generated code never needs for anything else.
    private static let pool: [X86Assembler.Reg] = [.rsi, .rdi, .r8, .r9, .r10, .r11, .rbp, .rdx]
    /// Host register number of each guest register (`none`: not allocated).
    private var slots = [UInt8](repeating: none, count: 32)
    private static let none: UInt8 = 0xff
    /// Allocated guest registers read before the block writes them, in
    /// register order: loaded at the chain entry and valid at the loop head.
    let liveIn: [UInt8]
    /// Every allocated guest register, in register order.
    let allocated: [UInt8]
    /// Allocated guest registers the block writes, in register order.
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
        let used = (1..<32).filter { uses[$0] > 0 }
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

    /// The registers of a mask, ascending.
    private static func members(_ mask: UInt32) -> [UInt8] {
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

    /// Written registers not yet stored to the hart, with their host registers.
    var dirty: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(dirtySet) }

    /// Registers with a current host copy, with their host registers.
    var validRegisters: [(guest: UInt8, host: X86Assembler.Reg)] { pairs(valid) }

    /// Notes that every dirty register was stored.
    mutating func clean() { dirtySet = 0 }

    /// Allocated registers whose copy is not current (to reload before a loop back edge).
    func invalid(among regs: [UInt8]) -> [UInt8] { regs.filter { valid & 1 << $0 == 0 } }

    /// Forgets every host copy (after a call; nothing may be dirty).
    mutating func clear() { valid = 0 }
}
