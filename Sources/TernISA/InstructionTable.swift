/// One row of the 32-bit instruction table: a word `w` is this instruction
/// exactly when `w & mask == match`.
struct InstructionSpec: Sendable {
    let opcode: Opcode
    let mask: UInt32
    let match: UInt32
    let format: Format
    let ext: Extension
    init(_ opcode: Opcode, _ mask: UInt32, _ match: UInt32, _ format: Format, _ ext: Extension) {
        self.opcode = opcode; self.mask = mask; self.match = match; self.format = format; self.ext = ext
    }
}

/// The declarative RV64GC instruction table (one row per mnemonic, in `Opcode` order).
///
/// Masks cover every field the specification fixes (opcode, funct3, funct7/funct6/funct5,
/// fmt, and the rs2 sub-opcode of unary FP operations), so anything else decodes to nil.
/// FENCE and FENCE.I ignore their reserved fields, as the specification requires.
let instructionTable: [InstructionSpec] = [
    // RV32I / RV64I
    .init(.lui,       0x0000_007f, 0x0000_0037, .upper, .i),
    .init(.auipc,     0x0000_007f, 0x0000_0017, .upper, .i),
    .init(.jal,       0x0000_007f, 0x0000_006f, .jump, .i),
    .init(.jalr,      0x0000_707f, 0x0000_0067, .jalr, .i),
    .init(.beq,       0x0000_707f, 0x0000_0063, .branch, .i),
    .init(.bne,       0x0000_707f, 0x0000_1063, .branch, .i),
    .init(.blt,       0x0000_707f, 0x0000_4063, .branch, .i),
    .init(.bge,       0x0000_707f, 0x0000_5063, .branch, .i),
    .init(.bltu,      0x0000_707f, 0x0000_6063, .branch, .i),
    .init(.bgeu,      0x0000_707f, 0x0000_7063, .branch, .i),
    .init(.lb,        0x0000_707f, 0x0000_0003, .load, .i),
    .init(.lh,        0x0000_707f, 0x0000_1003, .load, .i),
    .init(.lw,        0x0000_707f, 0x0000_2003, .load, .i),
    .init(.ld,        0x0000_707f, 0x0000_3003, .load, .i),
    .init(.lbu,       0x0000_707f, 0x0000_4003, .load, .i),
    .init(.lhu,       0x0000_707f, 0x0000_5003, .load, .i),
    .init(.lwu,       0x0000_707f, 0x0000_6003, .load, .i),
    .init(.sb,        0x0000_707f, 0x0000_0023, .store, .i),
    .init(.sh,        0x0000_707f, 0x0000_1023, .store, .i),
    .init(.sw,        0x0000_707f, 0x0000_2023, .store, .i),
    .init(.sd,        0x0000_707f, 0x0000_3023, .store, .i),
    .init(.addi,      0x0000_707f, 0x0000_0013, .imm, .i),
    .init(.slti,      0x0000_707f, 0x0000_2013, .imm, .i),
    .init(.sltiu,     0x0000_707f, 0x0000_3013, .imm, .i),
    .init(.xori,      0x0000_707f, 0x0000_4013, .imm, .i),
    .init(.ori,       0x0000_707f, 0x0000_6013, .imm, .i),
    .init(.andi,      0x0000_707f, 0x0000_7013, .imm, .i),
    .init(.slli,      0xfc00_707f, 0x0000_1013, .shift64, .i),
    .init(.srli,      0xfc00_707f, 0x0000_5013, .shift64, .i),
    .init(.srai,      0xfc00_707f, 0x4000_5013, .shift64, .i),
    .init(.add,       0xfe00_707f, 0x0000_0033, .reg, .i),
    .init(.sub,       0xfe00_707f, 0x4000_0033, .reg, .i),
    .init(.sll,       0xfe00_707f, 0x0000_1033, .reg, .i),
    .init(.slt,       0xfe00_707f, 0x0000_2033, .reg, .i),
    .init(.sltu,      0xfe00_707f, 0x0000_3033, .reg, .i),
    .init(.xor,       0xfe00_707f, 0x0000_4033, .reg, .i),
    .init(.srl,       0xfe00_707f, 0x0000_5033, .reg, .i),
    .init(.sra,       0xfe00_707f, 0x4000_5033, .reg, .i),
    .init(.or,        0xfe00_707f, 0x0000_6033, .reg, .i),
    .init(.and,       0xfe00_707f, 0x0000_7033, .reg, .i),
    .init(.addiw,     0x0000_707f, 0x0000_001b, .imm, .i),
    .init(.slliw,     0xfe00_707f, 0x0000_101b, .shift32, .i),
    .init(.srliw,     0xfe00_707f, 0x0000_501b, .shift32, .i),
    .init(.sraiw,     0xfe00_707f, 0x4000_501b, .shift32, .i),
    .init(.addw,      0xfe00_707f, 0x0000_003b, .reg, .i),
    .init(.subw,      0xfe00_707f, 0x4000_003b, .reg, .i),
    .init(.sllw,      0xfe00_707f, 0x0000_103b, .reg, .i),
    .init(.srlw,      0xfe00_707f, 0x0000_503b, .reg, .i),
    .init(.sraw,      0xfe00_707f, 0x4000_503b, .reg, .i),
    .init(.fence,     0x0000_707f, 0x0000_000f, .fence, .i),
    .init(.ecall,     0xffff_ffff, 0x0000_0073, .bare, .system),
    .init(.ebreak,    0xffff_ffff, 0x0010_0073, .bare, .system),
    // Zifencei
    .init(.fenceI,    0x0000_707f, 0x0000_100f, .bare, .zifencei),
    // Zicsr
    .init(.csrrw,     0x0000_707f, 0x0000_1073, .csr, .zicsr),
    .init(.csrrs,     0x0000_707f, 0x0000_2073, .csr, .zicsr),
    .init(.csrrc,     0x0000_707f, 0x0000_3073, .csr, .zicsr),
    .init(.csrrwi,    0x0000_707f, 0x0000_5073, .csrImm, .zicsr),
    .init(.csrrsi,    0x0000_707f, 0x0000_6073, .csrImm, .zicsr),
    .init(.csrrci,    0x0000_707f, 0x0000_7073, .csrImm, .zicsr),
    // M
    .init(.mul,       0xfe00_707f, 0x0200_0033, .reg, .m),
    .init(.mulh,      0xfe00_707f, 0x0200_1033, .reg, .m),
    .init(.mulhsu,    0xfe00_707f, 0x0200_2033, .reg, .m),
    .init(.mulhu,     0xfe00_707f, 0x0200_3033, .reg, .m),
    .init(.div,       0xfe00_707f, 0x0200_4033, .reg, .m),
    .init(.divu,      0xfe00_707f, 0x0200_5033, .reg, .m),
    .init(.rem,       0xfe00_707f, 0x0200_6033, .reg, .m),
    .init(.remu,      0xfe00_707f, 0x0200_7033, .reg, .m),
    .init(.mulw,      0xfe00_707f, 0x0200_003b, .reg, .m),
    .init(.divw,      0xfe00_707f, 0x0200_403b, .reg, .m),
    .init(.divuw,     0xfe00_707f, 0x0200_503b, .reg, .m),
    .init(.remw,      0xfe00_707f, 0x0200_603b, .reg, .m),
    .init(.remuw,     0xfe00_707f, 0x0200_703b, .reg, .m),
    // A
    .init(.lrW,       0xf9f0_707f, 0x1000_202f, .lr, .a),
    .init(.scW,       0xf800_707f, 0x1800_202f, .amo, .a),
    .init(.amoswapW,  0xf800_707f, 0x0800_202f, .amo, .a),
    .init(.amoaddW,   0xf800_707f, 0x0000_202f, .amo, .a),
    .init(.amoxorW,   0xf800_707f, 0x2000_202f, .amo, .a),
    .init(.amoandW,   0xf800_707f, 0x6000_202f, .amo, .a),
    .init(.amoorW,    0xf800_707f, 0x4000_202f, .amo, .a),
    .init(.amominW,   0xf800_707f, 0x8000_202f, .amo, .a),
    .init(.amomaxW,   0xf800_707f, 0xa000_202f, .amo, .a),
    .init(.amominuW,  0xf800_707f, 0xc000_202f, .amo, .a),
    .init(.amomaxuW,  0xf800_707f, 0xe000_202f, .amo, .a),
    .init(.lrD,       0xf9f0_707f, 0x1000_302f, .lr, .a),
    .init(.scD,       0xf800_707f, 0x1800_302f, .amo, .a),
    .init(.amoswapD,  0xf800_707f, 0x0800_302f, .amo, .a),
    .init(.amoaddD,   0xf800_707f, 0x0000_302f, .amo, .a),
    .init(.amoxorD,   0xf800_707f, 0x2000_302f, .amo, .a),
    .init(.amoandD,   0xf800_707f, 0x6000_302f, .amo, .a),
    .init(.amoorD,    0xf800_707f, 0x4000_302f, .amo, .a),
    .init(.amominD,   0xf800_707f, 0x8000_302f, .amo, .a),
    .init(.amomaxD,   0xf800_707f, 0xa000_302f, .amo, .a),
    .init(.amominuD,  0xf800_707f, 0xc000_302f, .amo, .a),
    .init(.amomaxuD,  0xf800_707f, 0xe000_302f, .amo, .a),
    // F
    .init(.flw,       0x0000_707f, 0x0000_2007, .fpLoad, .f),
    .init(.fsw,       0x0000_707f, 0x0000_2027, .fpStore, .f),
    .init(.fmaddS,    0x0600_007f, 0x0000_0043, .fpR4, .f),
    .init(.fmsubS,    0x0600_007f, 0x0000_0047, .fpR4, .f),
    .init(.fnmsubS,   0x0600_007f, 0x0000_004b, .fpR4, .f),
    .init(.fnmaddS,   0x0600_007f, 0x0000_004f, .fpR4, .f),
    .init(.faddS,     0xfe00_007f, 0x0000_0053, .fpR, .f),
    .init(.fsubS,     0xfe00_007f, 0x0800_0053, .fpR, .f),
    .init(.fmulS,     0xfe00_007f, 0x1000_0053, .fpR, .f),
    .init(.fdivS,     0xfe00_007f, 0x1800_0053, .fpR, .f),
    .init(.fsqrtS,    0xfff0_007f, 0x5800_0053, .fpR1, .f),
    .init(.fsgnjS,    0xfe00_707f, 0x2000_0053, .fpRNoRM, .f),
    .init(.fsgnjnS,   0xfe00_707f, 0x2000_1053, .fpRNoRM, .f),
    .init(.fsgnjxS,   0xfe00_707f, 0x2000_2053, .fpRNoRM, .f),
    .init(.fminS,     0xfe00_707f, 0x2800_0053, .fpRNoRM, .f),
    .init(.fmaxS,     0xfe00_707f, 0x2800_1053, .fpRNoRM, .f),
    .init(.fcvtWS,    0xfff0_007f, 0xc000_0053, .fpToX, .f),
    .init(.fcvtWuS,   0xfff0_007f, 0xc010_0053, .fpToX, .f),
    .init(.fmvXW,     0xfff0_707f, 0xe000_0053, .fpToXNoRM, .f),
    .init(.feqS,      0xfe00_707f, 0xa000_2053, .fpCompare, .f),
    .init(.fltS,      0xfe00_707f, 0xa000_1053, .fpCompare, .f),
    .init(.fleS,      0xfe00_707f, 0xa000_0053, .fpCompare, .f),
    .init(.fclassS,   0xfff0_707f, 0xe000_1053, .fpToXNoRM, .f),
    .init(.fcvtSW,    0xfff0_007f, 0xd000_0053, .xToFP, .f),
    .init(.fcvtSWu,   0xfff0_007f, 0xd010_0053, .xToFP, .f),
    .init(.fmvWX,     0xfff0_707f, 0xf000_0053, .xToFPNoRM, .f),
    .init(.fcvtLS,    0xfff0_007f, 0xc020_0053, .fpToX, .f),
    .init(.fcvtLuS,   0xfff0_007f, 0xc030_0053, .fpToX, .f),
    .init(.fcvtSL,    0xfff0_007f, 0xd020_0053, .xToFP, .f),
    .init(.fcvtSLu,   0xfff0_007f, 0xd030_0053, .xToFP, .f),
    // D
    .init(.fld,       0x0000_707f, 0x0000_3007, .fpLoad, .d),
    .init(.fsd,       0x0000_707f, 0x0000_3027, .fpStore, .d),
    .init(.fmaddD,    0x0600_007f, 0x0200_0043, .fpR4, .d),
    .init(.fmsubD,    0x0600_007f, 0x0200_0047, .fpR4, .d),
    .init(.fnmsubD,   0x0600_007f, 0x0200_004b, .fpR4, .d),
    .init(.fnmaddD,   0x0600_007f, 0x0200_004f, .fpR4, .d),
    .init(.faddD,     0xfe00_007f, 0x0200_0053, .fpR, .d),
    .init(.fsubD,     0xfe00_007f, 0x0a00_0053, .fpR, .d),
    .init(.fmulD,     0xfe00_007f, 0x1200_0053, .fpR, .d),
    .init(.fdivD,     0xfe00_007f, 0x1a00_0053, .fpR, .d),
    .init(.fsqrtD,    0xfff0_007f, 0x5a00_0053, .fpR1, .d),
    .init(.fsgnjD,    0xfe00_707f, 0x2200_0053, .fpRNoRM, .d),
    .init(.fsgnjnD,   0xfe00_707f, 0x2200_1053, .fpRNoRM, .d),
    .init(.fsgnjxD,   0xfe00_707f, 0x2200_2053, .fpRNoRM, .d),
    .init(.fminD,     0xfe00_707f, 0x2a00_0053, .fpRNoRM, .d),
    .init(.fmaxD,     0xfe00_707f, 0x2a00_1053, .fpRNoRM, .d),
    .init(.fcvtSD,    0xfff0_007f, 0x4010_0053, .fpR1, .d),
    .init(.fcvtDS,    0xfff0_007f, 0x4200_0053, .fpR1, .d),
    .init(.feqD,      0xfe00_707f, 0xa200_2053, .fpCompare, .d),
    .init(.fltD,      0xfe00_707f, 0xa200_1053, .fpCompare, .d),
    .init(.fleD,      0xfe00_707f, 0xa200_0053, .fpCompare, .d),
    .init(.fclassD,   0xfff0_707f, 0xe200_1053, .fpToXNoRM, .d),
    .init(.fcvtWD,    0xfff0_007f, 0xc200_0053, .fpToX, .d),
    .init(.fcvtWuD,   0xfff0_007f, 0xc210_0053, .fpToX, .d),
    .init(.fcvtDW,    0xfff0_007f, 0xd200_0053, .xToFP, .d),
    .init(.fcvtDWu,   0xfff0_007f, 0xd210_0053, .xToFP, .d),
    .init(.fcvtLD,    0xfff0_007f, 0xc220_0053, .fpToX, .d),
    .init(.fcvtLuD,   0xfff0_007f, 0xc230_0053, .fpToX, .d),
    .init(.fmvXD,     0xfff0_707f, 0xe200_0053, .fpToXNoRM, .d),
    .init(.fcvtDL,    0xfff0_007f, 0xd220_0053, .xToFP, .d),
    .init(.fcvtDLu,   0xfff0_007f, 0xd230_0053, .xToFP, .d),
    .init(.fmvDX,     0xfff0_707f, 0xf200_0053, .xToFPNoRM, .d),
    // Privileged
    .init(.mret,      0xffff_ffff, 0x3020_0073, .bare, .system),
    .init(.sret,      0xffff_ffff, 0x1020_0073, .bare, .system),
    .init(.wfi,       0xffff_ffff, 0x1050_0073, .bare, .system),
    .init(.sfenceVma, 0xfe00_7fff, 0x1200_0073, .sfence, .system),
]

extension InstructionSpec {
    /// The table bucketed by major opcode (bits 6:2), built once on first use.
    static let buckets: [[InstructionSpec]] = {
        var b = [[InstructionSpec]](repeating: [], count: 32)
        for spec in instructionTable {
            precondition(spec.mask & 0x7f == 0x7f, "table rows must fix the major opcode")
            b[Int((spec.match >> 2) & 0x1f)].append(spec)
        }
        return b
    }()

    /// Table row for each opcode, indexed by `Opcode.rawValue`.
    static let byOpcode: [InstructionSpec] = {
        var rows = instructionTable
        rows.sort { $0.opcode.rawValue < $1.opcode.rawValue }
        precondition(rows.count == Opcode.allCases.count, "every opcode needs exactly one table row")
        for (i, r) in rows.enumerated() { precondition(Int(r.opcode.rawValue) == i) }
        return rows
    }()
}
