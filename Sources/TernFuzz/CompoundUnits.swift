import TernISA

/// Units of more than one instruction (or with rules beyond a random opcode and operands):
/// operand set-ups, M edge cases, LR/SC pairs, FP CSR accesses, loops, self-modifying
/// code, jumps, and the filter for random compressed instructions.
extension Generator {
    /// Sets some FP source operands of `insn` right before it to a special value of the
    /// sequence's palette (or the global pools) in the operand's precision:
    /// `lui t, hi; fmv.w.x f, t` for singles, `lui t, hi; slli t, t, 32; fmv.d.x f, t` for doubles.
    mutating func operandSetups(for insn: Instruction) -> [FuzzItem] {
        let sources: [UInt8]
        switch insn.opcode.format {
        case .fpR4: sources = [insn.rs1, insn.rs2, insn.rs3]
        case .fpR, .fpRNoRM, .fpCompare: sources = [insn.rs1, insn.rs2]
        case .fpR1, .fpToX, .fpToXNoRM: sources = [insn.rs1]
        default: sources = []
        }
        let m = insn.opcode.mnemonic
        // The source format: the suffix, or for conversions the letter after the first '.'.
        let half = m.hasSuffix(".h") && !m.hasPrefix("fcvt.h.") || m.hasPrefix("fcvt.s.h") || m.hasPrefix("fcvt.d.h")
            || m.hasPrefix("fcvt.w.h") || m.hasPrefix("fcvt.wu.h") || m.hasPrefix("fcvt.l.h") || m.hasPrefix("fcvt.lu.h")
        let single = m.hasSuffix(".s") && !m.hasPrefix("fcvt.s.") || m.hasPrefix("fcvt.h.s")
        var out = [FuzzItem]()
        var seen = Set<UInt8>()
        for f in sources where seen.insert(f).inserted && r.chance(half ? 60 : 35) {
            let t = rdNonZero()
            if half, extensions.contains(.zfhmin) {
                // fmv.h.x boxes the low 16 bits: lui + addi build them.
                let v = Int64(r.pick(EdgeValues.halves))
                let hi = (v + 0x800) >> 12, lo = v - (hi << 12)
                out += [op(.lui, rd: t, imm: hi << 12), op(.addi, rd: t, rs1: t, imm: lo), op(.fmvHX, rd: f, rs1: t)]
            } else if single {
                let fromPalette = fpPalette.map(\.1).filter { $0 & 0xfff == 0 }
                let v = !fromPalette.isEmpty && r.chance(70) ? r.pick(fromPalette) : r.pick(EdgeValues.luiSingles)
                out += [op(.lui, rd: t, imm: Int64(Int32(bitPattern: v))), op(.fmvWX, rd: f, rs1: t)]
            } else {
                let fromPalette = fpPalette.map(\.0).filter { $0 & 0xfff_ffff_ffff == 0 }
                let v = !fromPalette.isEmpty && r.chance(70) ? r.pick(fromPalette) : r.pick(EdgeValues.luiDoubles)
                out += [op(.lui, rd: t, imm: Int64(Int32(bitPattern: UInt32(v >> 32)))),
                        op(.slli, rd: t, rs1: t, imm: 32), op(.fmvDX, rd: f, rs1: t)]
            }
        }
        return out
    }

    /// M instructions, often with a divisor of 0 or -1 (or a dividend of the minimum) set up first.
    mutating func mulDiv() -> [FuzzItem] {
        let o = r.pick(Self.mulDivOps)
        let a = rs(), b = rs(), d = rd()
        var out = [FuzzItem]()
        if r.chance(25), writable(b) {
            out.append(op(.addi, rd: b, rs1: 0, imm: r.pick([0, -1])))
        }
        if r.chance(15), writable(a), a != b {
            // a := the 64-bit or 32-bit minimum (lui gives 0xffffffff80000000 for the W forms).
            if r.chance(50) {
                out.append(op(.addi, rd: a, rs1: 0, imm: -1))
                out.append(op(.slli, rd: a, rs1: a, imm: 63))
            } else {
                out.append(op(.lui, rd: a, imm: Int64(Int32.min)))
            }
        }
        out.append(op(o, rd: d, rs1: a, rs2: b))
        return out
    }

    /// An LR/SC pair on one aligned address with a few ALU instructions between (succeeds).
    /// Never misaligned: qemu 7.2 lets a misaligned SC without a reservation fail instead
    /// of trapping as the specification requires (docs/FUZZING.md, qemu deviations).
    mutating func lrsc() -> [FuzzItem] {
        let d = r.chance(50)
        let (base, off) = address(width: d ? 8 : 4, aligned: true)
        let t = rdNonZero()
        var lrRd = rd(); if lrRd == t { lrRd = 0 }
        var out = [op(.addi, rd: t, rs1: base, imm: off),
                   word(Instruction(opcode: d ? .lrD : .lrW, rd: lrRd, rs1: t, rm: UInt8(r.below(4))))]
        for _ in 0..<r.below(3) {
            var x = rd(); if x == t { x = 0 }
            out.append(op(r.pick(Self.aluOps), rd: x, rs1: rs(), rs2: rs()))
        }
        var scRd = rd(); if scRd == t { scRd = 0 }
        out.append(word(Instruction(opcode: d ? .scD : .scW, rd: scRd, rs1: t, rs2: rs(), rm: UInt8(r.below(4)))))
        return out
    }

    /// Reads and writes of fflags, frm and fcsr that keep frm valid.
    mutating func fpCSR() -> [FuzzItem] {
        switch r.below(8) {
        case 0: return [op(.csrrwi, rd: rd(), rs1: UInt8(r.below(5)), imm: Self.frm)]            // fsrmi
        case 1: return [op(.csrrci, rd: rd(), rs1: UInt8(r.below(8)), imm: Self.frm)]            // clears keep it ≤ 4
        case 2: return [op(r.pick([Opcode.csrrwi, .csrrsi, .csrrci]), rd: rd(), rs1: UInt8(r.below(32)), imm: Self.fflags)]
        case 3: return [op(r.pick([Opcode.csrrw, .csrrs, .csrrc]), rd: rd(), rs1: rs(), imm: Self.fflags)]
        case 4: return [op(.csrrs, rd: rd(), rs1: 0, imm: r.pick([Self.fflags, Self.frm, Self.fcsr]))]
        case 5: return [op(.csrrwi, rd: rd(), rs1: UInt8(r.below(32)), imm: Self.fcsr)]           // frm := 0
        case 6:
            // fsrm from a register masked to 0…3.
            let t = rdNonZero()
            return [op(.andi, rd: t, rs1: rs(), imm: 3), op(.csrrw, rd: rd(), rs1: t, imm: Self.frm)]
        default:
            // fscsr with frm bits 6:5 cleared (frm 0 or 4) and random reserved upper bits.
            let t = rdNonZero()
            return [op(.andi, rd: t, rs1: rs(), imm: -97), op(.csrrw, rd: rd(), rs1: t, imm: Self.fcsr)]
        }
    }

    /// Classes a loop body draws from: everything without control transfers or code patching.
    static let loopBodyClasses = weightedClasses.filter { ![.branch, .jump, .loop, .selfModify].contains($0) }

    /// A counted loop: `counter := 2…5`, a body of 1…5 units that leave the counter alone,
    /// `counter -= 1`, and a back edge (`bne counter, zero` or `c.bnez`) to the body start.
    mutating func loop() -> [FuzzItem] {
        let counter = rdNonZero()
        busy.insert(counter)
        defer { busy.remove(counter) }
        var body = [FuzzItem]()
        // Only classes the CPU model has instructions for (bitManip needs a B extension...).
        let bodyClasses = Self.loopBodyClasses.filter { !Self.extensionOnly.contains($0) || !enabledOps($0).isEmpty }
        for _ in 0..<(1 + r.below(5)) { body += items(r.pick(bodyClasses)) }
        body.append(op(.addi, rd: counter, rs1: counter, imm: -1))
        let back = -body.reduce(0) { $0 + $1.length }
        let edge: FuzzItem = (8...15).contains(counter) && r.chance(50)
            ? .word(UInt32(CompressedEncoder.branch(notZero: true, reg: counter, offset: back)), length: 2)
            : op(.bne, rs1: counter, rs2: 0, imm: Int64(back))
        return [op(.addi, rd: counter, rs1: 0, imm: Int64(2 + r.below(4)))] + body + [edge]
    }

    /// Patches an instruction a few words ahead and runs it: `auipc t, 0`, build the new
    /// word in `v`, `sw v, 20(t)`, `fence.i`, then the patched slot (which held another
    /// instruction when the block was first fetched).
    mutating func selfModify() -> [FuzzItem] {
        func aluWord(_ g: inout Generator) -> UInt32 {
            while true {
                if case .word(let w, 4)? = g.items(g.r.pick([FuzzClass.alu, .aluImmediate, .aluWord])).first { return w }
            }
        }
        let t = rdNonZero()
        var v = rdNonZero()
        while v == t { v = rdNonZero() }
        let old = aluWord(&self), new = aluWord(&self)
        let lo = Int64(Int32(bitPattern: new << 20) >> 20)
        let hi = Int64(Int32(bitPattern: new &- UInt32(bitPattern: Int32(lo))))
        return [op(.auipc, rd: t, imm: 0), op(.lui, rd: v, imm: hi), op(.addi, rd: v, rs1: v, imm: lo),
                op(.sw, rs1: t, rs2: v, imm: 20), op(.fenceI), .word(old, length: 4)]
    }

    /// jal, c.j, auipc+jalr, auipc+addi+c.jr/c.jalr, all forward.
    mutating func jump() -> [FuzzItem] {
        switch r.below(4) {
        case 0: return [.link(.jal(rd: rd()), target: forwardTarget(maxAhead: 24))]
        case 1: return [.link(.cJ, target: forwardTarget(maxAhead: 24))]
        case 2:
            let t = rdNonZero()
            return [op(.auipc, rd: t, imm: 0), .link(.jalr(rd: rd(), base: t), target: forwardTarget(maxAhead: 24))]
        default:
            let t = rdNonZero()
            let h = r.chance(50) ? CompressedEncoder.jr(t) : CompressedEncoder.jalr(t)
            return [op(.auipc, rd: t, imm: 0), .link(.addiToTarget(reg: t), target: forwardTarget(maxAhead: 24)),
                    .word(UInt32(h), length: 2)]
        }
    }

    /// A random compressed instruction that is safe: no control flow, no write to a
    /// reserved register, memory accesses only through sp/s0 inside the buffer.
    mutating func compressed() -> FuzzItem {
        if r.chance(3) { return .word(0x0001, length: 2) }   // c.nop
        while true {
            var h = UInt16(truncatingIfNeeded: r.next())
            if r.chance(50) {
                // A form of the table with random operand bits, so rare forms come up too.
                let form = r.pick(Decoder.compressedForms)
                h = form.match | (h & ~form.mask)
            }
            if r.chance(10) { h &= ~0x107c }   // zero immediates/shift amounts (c.slli64, c.li rd,0, ...)
            guard h & 3 != 3, let insn = Decoder.decode(UInt32(h), extensions: extensions), Self.isSafeCompressed(insn),
                  !(busy.contains(insn.rd) && Self.writesX(insn)) else { continue }
            return .word(UInt32(h), length: 2)
        }
    }

    /// True when `i` writes its `rd` as an integer register.
    static func writesX(_ i: Instruction) -> Bool {
        if i.opcode.rawValue >= Opcode.vsetvli.rawValue { return vectorRow(i.opcode).writesX }
        switch i.opcode.format {
        case .store, .fpStore, .branch, .fence, .bare, .sfence, .fpLoad, .fpR4, .fpR, .fpRNoRM, .fpR1,
             .xToFP, .xToFPNoRM, .cbo, .fpImm: return false
        default: return true
        }
    }

    static func isSafeCompressed(_ i: Instruction) -> Bool {
        switch i.opcode.format {
        case .branch, .jump, .jalr, .bare: return false
        case .load, .store, .fpLoad, .fpStore:
            if i.opcode.format == .load && reserved.contains(i.rd) { return false }
            let width = [Opcode.lw: 4, .sw: 4, .ld: 8, .sd: 8, .fld: 8, .fsd: 8][i.opcode] ?? 8
            if i.rs1 == bufferBase { return i.imm >= 0 && Int(i.imm) + width <= MachineState.bufferSize }
            if i.rs1 == bufferMiddle { return Int(i.imm) + width <= MachineState.bufferSize / 2 }
            return false
        default:
            return !reserved.contains(i.rd)
        }
    }
}
