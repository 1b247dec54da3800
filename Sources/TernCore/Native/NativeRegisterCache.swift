/// Guest registers held in host registers within one native block. Each of
/// the block's most used guest registers gets one host register for the whole
/// block. A write to an allocated register stays in its host register (dirty)
/// until the next body call or block exit stores it to the hart; a guest memory
/// fault in between writes the dirty registers back from the fault's host
/// registers (`NativeAccess`). A copy is valid from its first load or write
/// until a body call (which may clobber the host register or write the guest
/// register); the block's live-in registers are loaded at the chain entry, so a
/// block that branches to itself loops without reloading them.
struct NativeRegisterCache {
    /// Host registers the generated code never needs for anything else.
    private static let pool: [X86Assembler.Reg] = [.rsi, .rdi, .r8, .r9, .r10, .r11, .rbp, .rdx]
    /// The host register of each allocated guest register (fixed per block).
    private let slots: [UInt8: X86Assembler.Reg]
    /// Allocated guest registers read before the block writes them, in
    /// register order: loaded at the chain entry and valid at the loop head.
    let liveIn: [UInt8]
    /// Every allocated guest register, in register order.
    let allocated: [UInt8]
    /// Allocated guest registers the block writes, in register order.
    let allocatedWrites: [UInt8]
    private var valid: Set<UInt8> = []
    private var dirtySet: Set<UInt8> = []

    /// Allocates host registers for the guest registers of `ops[0..<count]`
    /// (`reads`/`writes` give each op's guest register operands), most used first.
    init(_ count: Int, reads: (Int) -> [UInt8], writes: (Int) -> [UInt8]) {
        var uses: [UInt8: Int] = [:]
        var written = Set<UInt8>()
        var readFirst = Set<UInt8>()
        for i in 0..<count {
            for r in reads(i) where r != 0 && r < 32 {
                uses[r, default: 0] += 1
                if !written.contains(r) { readFirst.insert(r) }
            }
            for r in writes(i) where r != 0 && r < 32 {
                uses[r, default: 0] += 1
                written.insert(r)
            }
        }
        let chosen = uses.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.pool.count)
        var slots: [UInt8: X86Assembler.Reg] = [:]
        for (i, (r, _)) in chosen.enumerated() { slots[r] = Self.pool[i] }
        self.slots = slots
        liveIn = slots.keys.filter { readFirst.contains($0) }.sorted()
        allocated = slots.keys.sorted()
        allocatedWrites = allocated.filter { written.contains($0) }
    }

    /// The host register holding a current copy of guest register `r`, if any.
    func host(of r: UInt8) -> X86Assembler.Reg? { valid.contains(r) ? slots[r] : nil }

    /// The host register allocated to guest register `r`, valid or not.
    func slot(of r: UInt8) -> X86Assembler.Reg? { slots[r] }

    /// Notes that `r`'s host register now holds its value.
    mutating func validate(_ r: UInt8) { if slots[r] != nil { valid.insert(r) } }

    /// Notes a write of `r` held in its host register (not yet stored).
    mutating func write(_ r: UInt8) {
        valid.insert(r)
        dirtySet.insert(r)
    }

    /// Notes that `regs` (valid) may differ from the hart from here on.
    mutating func assumeDirty(_ regs: [UInt8]) {
        for r in regs where valid.contains(r) { dirtySet.insert(r) }
    }

    /// Written registers not yet stored to the hart, with their host registers.
    var dirty: [(guest: UInt8, host: X86Assembler.Reg)] { dirtySet.sorted().map { ($0, slots[$0]!) } }

    /// Registers with a current host copy, with their host registers.
    var validRegisters: [(guest: UInt8, host: X86Assembler.Reg)] { valid.sorted().map { ($0, slots[$0]!) } }

    /// Notes that every dirty register was stored.
    mutating func clean() { dirtySet.removeAll(keepingCapacity: true) }

    /// Allocated registers whose copy is not current (to reload before a loop back edge).
    func invalid(among regs: [UInt8]) -> [UInt8] { regs.filter { !valid.contains($0) } }

    /// Forgets every host copy (after a call; nothing may be dirty).
    mutating func clear() { valid.removeAll(keepingCapacity: true) }
}
