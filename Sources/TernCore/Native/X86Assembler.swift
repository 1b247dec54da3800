/// A minimal x86-64 assembler for the native tier: the few instruction forms
/// the op table needs, forward labels, and code placed at a known address (so
/// rel32 jumps to the trampolines resolve at emit time).
struct X86Assembler {
    /// x86-64 register numbers used by the native tier.
    enum Reg: UInt8 {
        case rax = 0, rcx = 1, rdx = 2, rbx = 3, rbp = 5, rsi = 6, rdi = 7, r8 = 8, r9 = 9, r10 = 10, r11 = 11
        case r12 = 12, r13 = 13, r14 = 14, r15 = 15
    }

    /// A position in the code, bound once.
    struct Label { fileprivate let id: Int }

    private(set) var bytes: [UInt8] = []
    /// Executable address of `bytes[0]` (16-byte aligned).
    let origin: UInt
    private var labels: [Int?] = []
    private var fixups: [(at: Int, label: Int)] = []

    init(origin: UInt) { self.origin = origin }

    var count: Int { bytes.count }
    var here: UInt { origin + UInt(bytes.count) }

    mutating func emit(_ b: UInt8...) { bytes += b }
    mutating func emit32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func emit64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }

    // MARK: Labels and jumps

    mutating func newLabel() -> Label { labels.append(nil); return Label(id: labels.count - 1) }
    mutating func bind(_ l: Label) { labels[l.id] = bytes.count }

    /// `jcc rel32` to a label (`cc` is the low nibble of the 0F 8x opcode).
    mutating func jcc(_ cc: UInt8, _ l: Label) {
        emit(0x0f, 0x80 | cc)
        fixups.append((bytes.count, l.id))
        emit32(0)
    }

    /// `jmp rel32` to a label.
    mutating func jmp(_ l: Label) {
        emit(0xe9)
        fixups.append((bytes.count, l.id))
        emit32(0)
    }

    /// `jcc rel32` to an absolute address.
    mutating func jcc(_ cc: UInt8, absolute target: UInt) {
        emit(0x0f, 0x80 | cc)
        emit32(Int32(truncatingIfNeeded: Int(bitPattern: target &- (here + 4))))
    }

    /// `jmp rel32` to an absolute address.
    mutating func jmp(absolute target: UInt) {
        emit(0xe9)
        emit32(Int32(truncatingIfNeeded: Int(bitPattern: target &- (here + 4))))
    }

    /// A patchable chain jump (`jmp rel32` to the next instruction) with a
    /// 4-byte aligned displacement; returns the jump's offset in the code.
    mutating func chainJump() -> Int {
        while (origin + UInt(bytes.count) + 1) & 3 != 0 { emit(0x90) }
        let site = bytes.count
        emit(0xe9); emit32(0)
        return site
    }

    /// Resolves label fixups; call once after the last instruction.
    mutating func finish() {
        for f in fixups {
            let target = labels[f.label]!
            let rel = Int32(target - (f.at + 4))
            withUnsafeBytes(of: rel.littleEndian) { for (i, b) in $0.enumerated() { bytes[f.at + i] = b } }
        }
        fixups.removeAll()
    }

    // MARK: Moves

    /// ModRM + displacement for `[rbx + disp]` (the state register).
    private mutating func stateOperand(_ reg: UInt8, _ disp: Int) {
        if disp < 128 {
            emit(0x40 | (reg & 7) << 3 | 3, UInt8(disp))
        } else {
            emit(0x80 | (reg & 7) << 3 | 3)
            emit32(Int32(disp))
        }
    }

    /// `mov reg, [rbx + disp]`.
    mutating func load(_ r: Reg, state disp: Int) {
        emit(0x48 | (r.rawValue >> 3) << 2, 0x8b)
        stateOperand(r.rawValue, disp)
    }

    /// `mov [rbx + disp], reg`.
    mutating func store(_ r: Reg, state disp: Int) {
        emit(0x48 | (r.rawValue >> 3) << 2, 0x89)
        stateOperand(r.rawValue, disp)
    }

    /// `cmp reg, [rbx + disp]`.
    mutating func cmp(_ r: Reg, state disp: Int) {
        emit(0x48 | (r.rawValue >> 3) << 2, 0x3b)
        stateOperand(r.rawValue, disp)
    }

    /// `mov reg, imm` (sign-extended imm32 form when it fits, else movabs).
    mutating func movImm(_ r: Reg, _ v: UInt64) {
        let rex: UInt8 = 0x48 | (r.rawValue >> 3)
        if Int64(bitPattern: v) == Int64(Int32(truncatingIfNeeded: v)) {
            emit(rex, 0xc7, 0xc0 | (r.rawValue & 7))
            emit32(Int32(truncatingIfNeeded: v))
        } else {
            emit(rex, 0xb8 | (r.rawValue & 7))
            emit64(v)
        }
    }

    /// `movabs reg, imm64`: always 10 bytes, so code that embeds addresses has
    /// the same size wherever it is placed.
    mutating func movAddress(_ r: Reg, _ v: UInt) {
        emit(0x48 | (r.rawValue >> 3), 0xb8 | (r.rawValue & 7))
        emit64(UInt64(v))
    }

    /// `mov dst, src` (64-bit).
    mutating func mov(_ dst: Reg, _ src: Reg) {
        emit(0x48 | (src.rawValue >> 3) << 2 | (dst.rawValue >> 3), 0x89, 0xc0 | (src.rawValue & 7) << 3 | (dst.rawValue & 7))
    }

    /// `cmp dst, src` (64-bit).
    mutating func cmp(_ dst: Reg, _ src: Reg) {
        emit(0x48 | (dst.rawValue >> 3) << 2 | (src.rawValue >> 3), 0x3b, 0xc0 | (dst.rawValue & 7) << 3 | (src.rawValue & 7))
    }

    /// `movsxd rax, eax`: sign-extends a 32-bit result (RV64 W forms).
    mutating func signExtendEAX() { emit(0x48, 0x63, 0xc0) }

    /// `call rax`.
    mutating func callRAX() { emit(0xff, 0xd0) }
}
