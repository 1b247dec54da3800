/// VEX-encoded SSE/AVX2 instructions for the native tier's vector code
/// (Intel SDM vol. 2, 2.3): the 2-byte form when it suffices, else the 3-byte one.
extension X86Assembler {
    /// An operand in the ModRM r/m field: an xmm/ymm (or general) register, or
    /// memory at `base + index + disp` (index scale 1).
    enum VexOperand {
        case register(UInt8)
        case memory(base: Reg, index: Reg? = nil, disp: Int)
    }

    /// Opcode maps of the VEX m-mmmm field.
    enum VexMap: UInt8 { case x0F = 1, x0F38 = 2, x0F3A = 3 }
    /// Implied prefixes of the VEX pp field.
    enum VexPrefix: UInt8 { case none = 0, x66 = 1, xF3 = 2, xF2 = 3 }

    /// Emits one VEX instruction: `reg` in ModRM.reg (a register number or an
    /// opcode extension), `vvvv` the second source (0 when unused), `rm` the
    /// r/m operand; `wide` selects 256-bit (VEX.L), `w` the VEX.W bit.
    mutating func vex(_ map: VexMap, _ pp: VexPrefix, _ opcode: UInt8, reg: UInt8, vvvv: UInt8 = 0, rm: VexOperand,
                      wide: Bool, w: Bool = false, imm8: UInt8? = nil) {
        var b: UInt8 = 0, x: UInt8 = 0
        switch rm {
        case .register(let r): b = r >> 3
        case .memory(let base, let index, _):
            b = base.rawValue >> 3
            x = (index?.rawValue ?? 0) >> 3
        }
        let r = reg >> 3 & 1
        let tail: UInt8 = (~vvvv & 15) << 3 | (wide ? 4 : 0) | pp.rawValue
        if map == .x0F && b == 0 && x == 0 && !w {
            emit(0xc5, (r ^ 1) << 7 | tail)
        } else {
            emit(0xc4, (r ^ 1) << 7 | (x ^ 1) << 6 | (b ^ 1) << 5 | map.rawValue)
            emit((w ? 0x80 : 0) | tail)
        }
        emit(opcode)
        modRM(reg: reg, rm)
        if let imm8 { emit(imm8) }
    }

    /// ModRM (and SIB, displacement) for `reg` and an r/m operand.
    private mutating func modRM(reg: UInt8, _ rm: VexOperand) {
        switch rm {
        case .register(let r):
            emit(0xc0 | (reg & 7) << 3 | (r & 7))
        case .memory(let base, let index, let disp):
            // Always a displacement (rbp/r13 as base need one); disp8 when it fits.
            let short = disp >= -128 && disp < 128
            let mod: UInt8 = short ? 0x40 : 0x80
            if let index {
                emit(mod | (reg & 7) << 3 | 4, (index.rawValue & 7) << 3 | (base.rawValue & 7))
            } else if base.rawValue & 7 == 4 {
                emit(mod | (reg & 7) << 3 | 4, 0x24)  // SIB: no index, base rsp/r12
            } else {
                emit(mod | (reg & 7) << 3 | (base.rawValue & 7))
            }
            if short { emit(UInt8(bitPattern: Int8(disp))) } else { emit32(Int32(disp)) }
        }
    }

    /// `vmovdqu xmm/ymm, m` (load).
    mutating func vmovdquLoad(_ dst: UInt8, _ src: VexOperand, wide: Bool) {
        vex(.x0F, .xF3, 0x6f, reg: dst, rm: src, wide: wide)
    }

    /// `vmovdqu m, xmm/ymm` (store).
    mutating func vmovdquStore(_ dst: VexOperand, _ src: UInt8, wide: Bool) {
        vex(.x0F, .xF3, 0x7f, reg: src, rm: dst, wide: wide)
    }

    /// `vmovq xmm, r64`.
    mutating func vmovqFromGPR(_ dst: UInt8, _ src: Reg) {
        vex(.x0F, .x66, 0x6e, reg: dst, rm: .register(src.rawValue), wide: false, w: true)
    }

    /// `vpbroadcast{b,w,d,q} xmm/ymm, xmm` of the element of `sewBytes`.
    mutating func vpbroadcast(_ dst: UInt8, from src: UInt8, sewBytes: Int, wide: Bool) {
        let opcode: UInt8 = switch sewBytes { case 1: 0x78; case 2: 0x79; case 4: 0x58; default: 0x59 }
        vex(.x0F38, .x66, opcode, reg: dst, rm: .register(src), wide: wide)
    }

    /// `vzeroupper` (clean upper ymm halves before SSE code runs again).
    mutating func vzeroupper() { emit(0xc5, 0xf8, 0x77) }
}
