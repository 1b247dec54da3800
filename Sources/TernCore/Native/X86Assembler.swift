/// A minimal x86-64 assembler for the native tier: the few instruction forms
/// the op table needs, forward labels, and relocations for what depends on
/// where the code is placed (rel32 jumps to the trampolines, the absolute
/// addresses of its own chain sites), so a block is assembled once, before its
/// memory is allocated, and placed with `placed(at:)`.
struct X86Assembler {
    /// x86-64 register numbers used by the native tier.
    enum Reg: UInt8 {
        case rax = 0, rcx = 1, rdx = 2, rbx = 3, rbp = 5, rsi = 6, rdi = 7, r8 = 8, r9 = 9, r10 = 10, r11 = 11
        case r12 = 12, r13 = 13, r14 = 14, r15 = 15
    }

    /// A position in the code, bound once.
    struct Label { fileprivate let id: Int }

    /// Something in the code that depends on where it is placed.
    enum Relocation {
        /// A rel32 field at `at` reaching the absolute address `target`.
        case rel32(at: Int, target: UInt)
        /// An imm64 field at `at` holding the address of code offset `offset`.
        case codeAddress(at: Int, offset: Int)
    }

    /// The code, for placement at a 16-byte aligned address (`placed(at:)`).
    private(set) var bytes: [UInt8] = []
    private(set) var relocations: [Relocation] = []
    private var labels: [Int?] = []
    private var fixups: [(at: Int, label: Int)] = []

    /// An empty assembler with room for `capacity` bytes of code (and labels,
    /// fixups and relocations in proportion) before any buffer grows.
    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
        labels.reserveCapacity(capacity / 16)
        fixups.reserveCapacity(capacity / 16)
        relocations.reserveCapacity(capacity / 32)
    }

    var count: Int { bytes.count }

    // Fixed arities: a variadic `emit` would build an array per instruction.
    mutating func emit(_ a: UInt8) { bytes.append(a) }
    mutating func emit(_ a: UInt8, _ b: UInt8) { bytes.append(a); bytes.append(b) }
    mutating func emit(_ a: UInt8, _ b: UInt8, _ c: UInt8) { bytes.append(a); bytes.append(b); bytes.append(c) }
    mutating func emit(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        bytes.append(a); bytes.append(b); bytes.append(c); bytes.append(d)
    }
    mutating func emit(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8) {
        bytes.append(a); bytes.append(b); bytes.append(c); bytes.append(d); bytes.append(e)
    }
    mutating func emit32(_ v: Int32) {
        let u = UInt32(bitPattern: v)
        emit(UInt8(truncatingIfNeeded: u), UInt8(truncatingIfNeeded: u >> 8), UInt8(truncatingIfNeeded: u >> 16),
             UInt8(truncatingIfNeeded: u >> 24))
    }
    mutating func emit64(_ v: UInt64) {
        emit32(Int32(truncatingIfNeeded: v))
        emit32(Int32(truncatingIfNeeded: v >> 32))
    }
    /// Pads with multi-byte NOPs to a multiple of `boundary` bytes (relative
    /// to the start; placed code starts 16-byte aligned).
    mutating func alignWithNops(_ boundary: Int) {
        // The recommended NOP forms of 1...8 bytes (Intel SDM, NOP).
        let nops: [[UInt8]] = [[0x90], [0x66, 0x90], [0x0f, 0x1f, 0x00], [0x0f, 0x1f, 0x40, 0x00],
                               [0x0f, 0x1f, 0x44, 0x00, 0x00], [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
                               [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
                               [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00]]
        var pad = (boundary - bytes.count % boundary) % boundary
        while pad > 0 {
            let n = min(pad, nops.count)
            bytes(nops[n - 1])
            pad -= n
        }
    }

    /// Appends raw instruction bytes.
    mutating func bytes<C: Collection<UInt8>>(_ b: C) { bytes.append(contentsOf: b) }

    /// The code with its relocations applied for `origin` (16-byte aligned).
    func placed(at origin: UInt) -> [UInt8] {
        precondition(origin & 15 == 0, "native code is placed 16-byte aligned")
        var out = bytes
        func put<T: FixedWidthInteger>(_ value: T, at i: Int) {
            withUnsafeBytes(of: value.littleEndian) { for (k, b) in $0.enumerated() { out[i + k] = b } }
        }
        for r in relocations {
            switch r {
            case .rel32(let at, let target):
                put(Int32(truncatingIfNeeded: Int(bitPattern: target &- (origin + UInt(at) + 4))), at: at)
            case .codeAddress(let at, let offset):
                put(UInt64(origin) + UInt64(offset), at: at)
            }
        }
        return out
    }

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
        relocations.append(.rel32(at: bytes.count, target: target))
        emit32(0)
    }

    /// `jmp rel32` to an absolute address.
    mutating func jmp(absolute target: UInt) {
        emit(0xe9)
        relocations.append(.rel32(at: bytes.count, target: target))
        emit32(0)
    }

    /// `movabs reg, imm64` loading the address of code offset `offset` of this code.
    mutating func movCodeAddress(_ r: Reg, offset: Int) {
        emit(0x48 | (r.rawValue >> 3), 0xb8 | (r.rawValue & 7))
        relocations.append(.codeAddress(at: bytes.count, offset: offset))
        emit64(0)
    }

    /// A patchable chain jump (`jmp rel32` to the next instruction) with a
    /// 4-byte aligned displacement (the code is placed 16-byte aligned);
    /// returns the jump's offset in the code.
    mutating func chainJump() -> Int {
        while (bytes.count + 1) & 3 != 0 { emit(0x90) }
        let site = bytes.count
        emit(0xe9); emit32(0)
        return site
    }

    /// Resolves label fixups; call once after the last instruction.
    mutating func finish() {
        for f in fixups {
            let target = labels[f.label]!
            let rel = UInt32(bitPattern: Int32(target - (f.at + 4)))
            for i in 0..<4 { bytes[f.at + i] = UInt8(truncatingIfNeeded: rel >> (8 * i)) }
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

    /// `mov dst32, src32`: the low 32 bits of `src`, zero-extended.
    mutating func mov32(_ dst: Reg, _ src: Reg) {
        rex(wide: false, reg: src, rm: dst)
        emit(0x89, modRM(src, dst))
    }

    /// `cmp dst, src` (64-bit).
    mutating func cmp(_ dst: Reg, _ src: Reg) {
        emit(0x48 | (dst.rawValue >> 3) << 2 | (src.rawValue >> 3), 0x3b, 0xc0 | (dst.rawValue & 7) << 3 | (src.rawValue & 7))
    }

    /// `test byte [rbx + disp], imm8`.
    mutating func testByte(state disp: Int, _ imm: UInt8) {
        emit(0xf6)
        stateOperand(0, disp)
        emit(imm)
    }

    /// `cmp dword [rbx + disp], imm8` (sign-extended).
    mutating func cmp32(state disp: Int, _ imm: Int8) {
        emit(0x83)
        stateOperand(7, disp)
        emit(UInt8(bitPattern: imm))
    }

    /// A legacy SSE instruction `[prefix] [REX] 0F opcode /r` on registers:
    /// `reg` and `rm` are xmm or general register numbers as the opcode
    /// reads them; `wide` sets REX.W (movq, 64-bit cvtsi2sd).
    mutating func sse(_ prefix: UInt8?, _ opcode: UInt8, reg: UInt8, rm: UInt8, wide: Bool = false) {
        if let prefix { emit(prefix) }
        let rex: UInt8 = (wide ? 8 : 0) | (reg >> 3) << 2 | rm >> 3
        if rex != 0 { emit(0x40 | rex) }
        emit(0x0f, opcode, 0xc0 | (reg & 7) << 3 | (rm & 7))
    }

    /// The same with the memory operand `[rbx + disp]` (hart state).
    mutating func sse(_ prefix: UInt8?, _ opcode: UInt8, reg: UInt8, state disp: Int, wide: Bool = false) {
        if let prefix { emit(prefix) }
        let rex: UInt8 = (wide ? 8 : 0) | (reg >> 3) << 2
        if rex != 0 { emit(0x40 | rex) }
        emit(0x0f, opcode)
        stateOperand(reg, disp)
    }

    /// `movsxd r, r32`.
    mutating func signExtend(_ r: Reg) { emit(0x48 | (r.rawValue >> 3) << 2 | (r.rawValue >> 3), 0x63, modRM(r, r)) }

    /// `lea dst, [base + disp32]` (64-bit).
    mutating func lea(_ dst: Reg, _ base: Reg, _ disp: Int32) {
        rex(wide: true, reg: dst, rm: base)
        emit(0x8d, 0x80 | (dst.rawValue & 7) << 3 | (base.rawValue & 7))
        if base.rawValue & 7 == 4 { emit(0x24) }  // rsp/r12 base: SIB with no index
        emit32(disp)
    }

    /// `lea dst, [base + index * 2^scale]` (64-bit; index not rsp).
    mutating func lea(_ dst: Reg, base: Reg, index: Reg, scale: UInt8) {
        emit(0x48 | (dst.rawValue >> 3) << 2 | (index.rawValue >> 3) << 1 | (base.rawValue >> 3), 0x8d)
        let disp8 = base.rawValue & 7 == 5  // rbp/r13 as base need a displacement
        emit((disp8 ? 0x44 : 0x04) | (dst.rawValue & 7) << 3, scale << 6 | (index.rawValue & 7) << 3 | (base.rawValue & 7))
        if disp8 { emit(0) }
    }

    /// `test r64, r64`.
    mutating func test(_ r: Reg) { emit(0x48 | (r.rawValue >> 3) << 2 | (r.rawValue >> 3), 0x85, modRM(r, r)) }

    /// BMI2 `shlx/shrx/sarx dst, src, count` (64-bit when `wide`, else 32-bit
    /// zero-extended; the count masked to 63 or 31 as RISC-V's shifts do).
    mutating func shiftX(_ op: X86ALU, _ dst: Reg, _ src: Reg, count: Reg, wide: Bool) {
        let pp: VexPrefix = switch op {
        case .shl: .x66
        case .shr: .xF2
        default: .xF3  // sar
        }
        vex(.x0F38, pp, 0xf7, reg: dst.rawValue, vvvv: count.rawValue, rm: .register(src.rawValue), wide: false, w: wide)
    }

    /// `xor r32, r32` (zeroes the register).
    mutating func zero(_ r: Reg) { rex(wide: false, reg: r, rm: r); emit(0x31, modRM(r, r)) }

    /// Register-direct ModRM byte (`reg` field, `rm` field).
    private func modRM(_ reg: Reg, _ rm: Reg) -> UInt8 { 0xc0 | (reg.rawValue & 7) << 3 | (rm.rawValue & 7) }
    private func modRM(_ ext: UInt8, _ rm: Reg) -> UInt8 { 0xc0 | ext << 3 | (rm.rawValue & 7) }

    /// A REX prefix when needed (always for 64-bit operations).
    private mutating func rex(wide: Bool, reg: Reg?, rm: Reg) {
        let b: UInt8 = (wide ? 0x08 : 0) | ((reg?.rawValue ?? 0) >> 3) << 2 | (rm.rawValue >> 3)
        if b != 0 { emit(0x40 | b) }
    }

    /// `op dst, src` for a two-operand ALU operation (shifts: src must be rcx).
    mutating func alu(_ op: X86ALU, _ dst: Reg, _ src: Reg, wide: Bool) {
        switch op {
        case .imul:
            rex(wide: wide, reg: dst, rm: src); emit(0x0f, 0xaf, modRM(dst, src))
        case .shl, .shr, .sar:
            rex(wide: wide, reg: nil, rm: dst); emit(0xd3, modRM(op.ext, dst))
        default:
            rex(wide: wide, reg: src, rm: dst); emit(op.opcode, modRM(src, dst))
        }
    }

    /// `op dst, [rbx + disp]` (not shifts).
    mutating func alu(_ op: X86ALU, _ dst: Reg, state disp: Int, wide: Bool) {
        let r: UInt8 = (wide ? 0x08 : 0) | (dst.rawValue >> 3) << 2
        if r != 0 { emit(0x40 | r) }
        if op == .imul { emit(0x0f, 0xaf) } else { emit(op.opcode + 2) }  // the `op reg, r/m` form
        stateOperand(dst.rawValue, disp)
    }

    /// `op dst, imm` (imm32 sign-extended, or the shift count).
    mutating func alu(_ op: X86ALU, _ dst: Reg, imm: Int32, wide: Bool) {
        rex(wide: wide, reg: nil, rm: dst)
        switch op {
        case .shl, .shr, .sar: emit(0xc1, modRM(op.ext, dst), UInt8(truncatingIfNeeded: imm))
        default: emit(0x81, modRM(op.ext, dst)); emit32(imm)
        }
    }

    /// `call rax`.
    mutating func callRAX() { emit(0xff, 0xd0) }
}

/// Two-operand x86-64 ALU operations the native tier emits on any register.
enum X86ALU: Sendable {
    case add, sub, xor, or, and, shl, shr, sar, imul

    /// Whether the operation is a shift (count in cl, or BMI2's `shiftX`).
    var isShift: Bool { self == .shl || self == .shr || self == .sar }

    /// Opcode of the `op r/m, reg` form (add, sub, xor, or, and).
    var opcode: UInt8 {
        switch self {
        case .add: 0x01
        case .sub: 0x29
        case .xor: 0x31
        case .or: 0x09
        case .and: 0x21
        default: 0
        }
    }

    /// ModRM reg-field extension of the immediate (81 /n, C1 /n) and D3 /n forms.
    var ext: UInt8 {
        switch self {
        case .add: 0
        case .or: 1
        case .and: 4
        case .sub: 5
        case .xor: 6
        case .shl: 4
        case .shr: 5
        case .sar: 7
        case .imul: 0
        }
    }
}
