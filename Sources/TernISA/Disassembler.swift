/// Renders instructions as GNU objdump text: mnemonic, a tab, comma-separated
/// operands without spaces, ABI register names, `offset(reg)` memory operands,
/// absolute `0x…` branch targets, and non-dynamic rounding modes as a trailing operand.
public enum Disassembler {
    /// objdump-compatible text for `insn` located at `pc`.
    /// - Parameter aliases: true mimics `objdump -d` (pseudo-instructions such as
    ///   `li`, `mv`, `ret`, `csrr`); false mimics `objdump -d -M no-aliases`
    ///   (canonical mnemonics, and `c.*` mnemonics for compressed instructions).
    public static func text(_ insn: Instruction, pc: UInt64, aliases: Bool = true) -> String {
        if insn.isCompressed {
            if !aliases, let row = CompressedSpec.row(for: UInt16(truncatingIfNeeded: insn.bits)) {
                return compressedText(insn, row, pc: pc)
            }
            if aliases, let quirk = compressedAliasQuirk(insn, pc: pc) { return quirk }
        }
        // objdump prints these two even with -M no-aliases (they are not alias rows there).
        if insn.opcode == .fence && insn.imm == 0x833 { return "fence.tso" }
        if insn.opcode == .csrrw && insn.bits == 0xc000_1073 { return "unimp" }
        if aliases, let alias = aliasText(insn, pc: pc) { return alias }
        return join(mnemonic(insn), canonicalOperands(insn, pc: pc))
    }

    // MARK: - Operand rendering

    static func x(_ r: UInt8) -> String { Register.abiName(r) }
    static func f(_ r: UInt8) -> String { Register.fpABIName(r) }
    static func hex<T: BinaryInteger>(_ v: T) -> String { "0x" + String(v, radix: 16) }
    static func target(_ insn: Instruction, _ pc: UInt64) -> String { hex(pc &+ UInt64(bitPattern: insn.imm)) }
    static func mem(_ insn: Instruction) -> String { "\(insn.imm)(\(x(insn.rs1)))" }
    static func upper(_ insn: Instruction) -> String { hex((insn.imm >> 12) & 0xfffff) }
    static func csr(_ insn: Instruction) -> String { CSRNames.name(Int(insn.imm)) ?? hex(insn.imm) }

    private static let roundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"]

    /// The rounding-mode suffix objdump prints: nothing for `dyn` (7).
    static func rm(_ insn: Instruction) -> [String] {
        insn.rm == 7 ? [] : [roundingModes[Int(insn.rm & 7)]]
    }

    /// The Zfa fli constants as llvm-objdump prints them (the same text for fli.h,
    /// whose entry 29 is +∞ in value).
    static let fliConstants = [
        "-1.0", "min", "1.52587890625e-05", "3.0517578125e-05", "0.00390625", "0.0078125", "0.0625", "0.125",
        "0.25", "0.3125", "0.375", "0.4375", "0.5", "0.625", "0.75", "0.875", "1.0", "1.25", "1.5", "1.75",
        "2.0", "2.5", "3.0", "4.0", "8.0", "16.0", "128.0", "256.0", "32768.0", "65536.0", "inf", "nan",
    ]

    /// Conversions that are always exact print no rounding mode when it is `rne` (0).
    static func rmExact(_ insn: Instruction) -> [String] {
        insn.rm == 0 ? [] : [roundingModes[Int(insn.rm & 7)]]
    }

    static func join(_ mnemonic: String, _ ops: [String]) -> String {
        ops.isEmpty ? mnemonic : mnemonic + "\t" + ops.joined(separator: ",")
    }

    static func fenceSet(_ v: Int64) -> String {
        if v == 0 { return "unknown" }
        var s = ""
        if v & 8 != 0 { s += "i" }
        if v & 4 != 0 { s += "o" }
        if v & 2 != 0 { s += "r" }
        if v & 1 != 0 { s += "w" }
        return s
    }

    static func amoSuffix(_ insn: Instruction) -> String {
        switch insn.rm & 3 { case 1: ".rl"; case 2: ".aq"; case 3: ".aqrl"; default: "" }
    }

    /// Operands in the canonical (no-aliases) syntax of the instruction's format.
    static func canonicalOperands(_ i: Instruction, pc: UInt64) -> [String] {
        switch i.opcode.format {
        case .reg: return [x(i.rd), x(i.rs1), x(i.rs2)]
        case .imm: return [x(i.rd), x(i.rs1), String(i.imm)]
        case .load, .jalr: return [x(i.rd), mem(i)]
        case .store: return [x(i.rs2), mem(i)]
        case .branch: return [x(i.rs1), x(i.rs2), target(i, pc)]
        case .upper: return [x(i.rd), upper(i)]
        case .jump: return [x(i.rd), target(i, pc)]
        case .shift64, .shift32: return [x(i.rd), x(i.rs1), hex(i.imm)]
        case .csr: return [x(i.rd), csr(i), x(i.rs1)]
        case .csrImm: return [x(i.rd), csr(i), String(i.rs1)]
        case .fence: return [fenceSet((i.imm >> 4) & 0xf), fenceSet(i.imm & 0xf)]
        case .bare: return []
        case .sfence: return [x(i.rs1), x(i.rs2)]
        case .amo: return [x(i.rd), x(i.rs2), "(\(x(i.rs1)))"]
        case .lr: return [x(i.rd), "(\(x(i.rs1)))"]
        case .fpLoad: return [f(i.rd), mem(i)]
        case .fpStore: return [f(i.rs2), mem(i)]
        case .fpR4: return [f(i.rd), f(i.rs1), f(i.rs2), f(i.rs3)] + rm(i)
        case .fpR: return [f(i.rd), f(i.rs1), f(i.rs2)] + rm(i)
        case .fpRNoRM: return [f(i.rd), f(i.rs1), f(i.rs2)]
        case .fpR1:
            return [f(i.rd), f(i.rs1)] + ([.fcvtDS, .fcvtSH, .fcvtDH].contains(i.opcode) ? rmExact(i) : rm(i))
        case .fpCompare: return [x(i.rd), f(i.rs1), f(i.rs2)]
        case .fpToX: return [x(i.rd), f(i.rs1)] + rm(i)
        case .fpToXNoRM: return [x(i.rd), f(i.rs1)]
        case .xToFP:
            let exact = i.opcode == .fcvtDW || i.opcode == .fcvtDWu
            return [f(i.rd), x(i.rs1)] + (exact ? rmExact(i) : rm(i))
        case .xToFPNoRM: return [f(i.rd), x(i.rs1)]
        case .unary: return [x(i.rd), x(i.rs1)]
        case .cbo: return ["0(\(x(i.rs1)))"]
        case .fpImm: return [f(i.rd), fliConstants[Int(i.rs1)]]
        default: return vectorOperands(i)
        }
    }

    /// The mnemonic with A-extension ordering suffix, used by both syntaxes.
    static func mnemonic(_ i: Instruction) -> String {
        switch i.opcode.format {
        case .amo, .lr: return i.opcode.mnemonic + amoSuffix(i)
        default: return i.opcode.mnemonic
        }
    }
}
