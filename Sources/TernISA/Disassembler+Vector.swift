/// Operand syntax of the vector formats, as GNU objdump prints them.
extension Disassembler {
    static func v(_ r: UInt8) -> String { "v\(r)" }

    /// `,v0.t` when the instruction is masked (vm = 0).
    static func mask(_ i: Instruction) -> [String] { i.rm & 1 == 0 ? ["v0.t"] : [] }

    /// OP-V mnemonics whose 5-bit immediate is unsigned.
    static let unsignedImmediate: Set<String> = [
        "vsll.vi", "vsrl.vi", "vsra.vi", "vssrl.vi", "vssra.vi", "vnsrl.wi", "vnsra.wi", "vnclipu.wi", "vnclip.wi",
        "vslideup.vi", "vslidedown.vi", "vrgather.vi", "vwsll.vi",
    ]

    /// The rs1-field operand of an OP-V instruction by its funct3.
    static func vectorSource(_ i: Instruction) -> String {
        switch (i.bits >> 12) & 7 {
        case 0, 1, 2: return v(i.rs1)
        case 3: return unsignedImmediate.contains(i.opcode.mnemonic) ? String(i.rs1) : String(i.imm)
        case 5: return f(i.rs1)
        default: return x(i.rs1)
        }
    }

    /// vtypei as objdump prints it (`e32,m1,ta,ma`), or the number when reserved.
    static func vtype(_ value: Int64) -> String {
        let lmul = value & 7, sew = (value >> 3) & 7
        guard sew < 4, lmul != 4, value >> 8 == 0 else { return String(value) }
        let lmuls = ["m1", "m2", "m4", "m8", "", "mf8", "mf4", "mf2"]
        return ["e\(8 << sew)", lmuls[Int(lmul)], value & 0x40 != 0 ? "ta" : "tu", value & 0x80 != 0 ? "ma" : "mu"]
            .joined(separator: ",")
    }

    static func vectorOperands(_ i: Instruction) -> [String] {
        switch i.opcode.format {
        case .vArith: return [v(i.rd), v(i.rs2), vectorSource(i)] + mask(i)
        case .vArithV0: return [v(i.rd), v(i.rs2), vectorSource(i), "v0"]
        case .vMulAdd: return [v(i.rd), vectorSource(i), v(i.rs2)] + mask(i)
        case .vMove: return [v(i.rd), vectorSource(i)]
        case .vUnary: return [v(i.rd), v(i.rs2)] + mask(i)
        // funct3 001 / 101: vfmv.f.s and vfmv.s.f name an f register.
        case .vToScalar: return [(i.bits >> 12) & 7 == 1 ? f(i.rd) : x(i.rd), v(i.rs2)] + mask(i)
        case .vFromScalar: return [v(i.rd), (i.bits >> 12) & 7 == 5 ? f(i.rs1) : x(i.rs1)]
        case .vId: return [v(i.rd)] + mask(i)
        case .vRotateImm: return [v(i.rd), v(i.rs2), String(i.imm)] + mask(i)
        case .vMem: return [v(i.rd), "(\(x(i.rs1)))"] + mask(i)
        case .vMemStrided: return [v(i.rd), "(\(x(i.rs1)))", x(i.rs2)] + mask(i)
        case .vMemIndexed: return [v(i.rd), "(\(x(i.rs1)))", v(i.rs2)] + mask(i)
        case .vMemWhole: return [v(i.rd), "(\(x(i.rs1)))"]
        case .vsetvli: return [x(i.rd), x(i.rs1), vtype(i.imm)]
        case .vsetivli: return [x(i.rd), String(i.rs1), vtype(i.imm)]
        default: return []
        }
    }
}
