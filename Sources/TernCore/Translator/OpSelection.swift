import CoreGlue
import TernISA

/// Where an instruction's `rd` lives and whether the op may be dropped when rd is x0.
enum Destination {
    /// Integer rd, no other effect: dropped when rd is x0.
    case pureX
    /// Integer rd with side effects (memory, flags, CSRs): rd x0 goes to the sink.
    case effectX
    /// Floating-point rd (or no rd): operands copied as they are.
    case other
}

/// The declarative map from decoded opcodes to straight-line IR ops. Control
/// transfers, CSR, fence and system instructions are selected by `Translator`.
let straightLineOps: [Opcode: (TernOpID, Destination)] = {
    var t: [Opcode: (TernOpID, Destination)] = [:]
    func pure(_ pairs: [(Opcode, TernOpID)]) { for (o, id) in pairs { t[o] = (id, .pureX) } }
    func effect(_ pairs: [(Opcode, TernOpID)]) { for (o, id) in pairs { t[o] = (id, .effectX) } }
    func other(_ pairs: [(Opcode, TernOpID)]) { for (o, id) in pairs { t[o] = (id, .other) } }
    pure([(.add, TernOp_add), (.sub, TernOp_sub), (.sll, TernOp_sll), (.slt, TernOp_slt),
          (.sltu, TernOp_sltu), (.xor, TernOp_xor_), (.srl, TernOp_srl), (.sra, TernOp_sra),
          (.or, TernOp_or_), (.and, TernOp_and_), (.addw, TernOp_addw), (.subw, TernOp_subw),
          (.sllw, TernOp_sllw), (.srlw, TernOp_srlw), (.sraw, TernOp_sraw),
          (.mul, TernOp_mul), (.mulh, TernOp_mulh), (.mulhsu, TernOp_mulhsu), (.mulhu, TernOp_mulhu),
          (.div, TernOp_div), (.divu, TernOp_divu), (.rem, TernOp_rem), (.remu, TernOp_remu),
          (.mulw, TernOp_mulw), (.divw, TernOp_divw), (.divuw, TernOp_divuw), (.remw, TernOp_remw),
          (.remuw, TernOp_remuw),
          (.addi, TernOp_addi), (.slti, TernOp_slti), (.sltiu, TernOp_sltiu), (.xori, TernOp_xori),
          (.ori, TernOp_ori), (.andi, TernOp_andi), (.slli, TernOp_slli), (.srli, TernOp_srli),
          (.srai, TernOp_srai), (.addiw, TernOp_addiw), (.slliw, TernOp_slliw), (.srliw, TernOp_srliw),
          (.sraiw, TernOp_sraiw),
          (.fclassS, TernOp_fclass_s), (.fmvXW, TernOp_fmv_x_w), (.fclassD, TernOp_fclass_d),
          (.fmvXD, TernOp_fmv_x_d)])
    effect([(.lb, TernOp_lb), (.lh, TernOp_lh), (.lw, TernOp_lw), (.ld, TernOp_ld), (.lbu, TernOp_lbu),
            (.lhu, TernOp_lhu), (.lwu, TernOp_lwu),
            (.lrW, TernOp_lr_w), (.lrD, TernOp_lr_d), (.scW, TernOp_sc_w), (.scD, TernOp_sc_d),
            (.amoswapW, TernOp_amoswap_w), (.amoaddW, TernOp_amoadd_w), (.amoxorW, TernOp_amoxor_w),
            (.amoandW, TernOp_amoand_w), (.amoorW, TernOp_amoor_w), (.amominW, TernOp_amomin_w),
            (.amomaxW, TernOp_amomax_w), (.amominuW, TernOp_amominu_w), (.amomaxuW, TernOp_amomaxu_w),
            (.amoswapD, TernOp_amoswap_d), (.amoaddD, TernOp_amoadd_d), (.amoxorD, TernOp_amoxor_d),
            (.amoandD, TernOp_amoand_d), (.amoorD, TernOp_amoor_d), (.amominD, TernOp_amomin_d),
            (.amomaxD, TernOp_amomax_d), (.amominuD, TernOp_amominu_d), (.amomaxuD, TernOp_amomaxu_d),
            (.feqS, TernOp_feq_s), (.fltS, TernOp_flt_s), (.fleS, TernOp_fle_s),
            (.fcvtWS, TernOp_fcvt_w_s), (.fcvtWuS, TernOp_fcvt_wu_s), (.fcvtLS, TernOp_fcvt_l_s),
            (.fcvtLuS, TernOp_fcvt_lu_s),
            (.feqD, TernOp_feq_d), (.fltD, TernOp_flt_d), (.fleD, TernOp_fle_d),
            (.fcvtWD, TernOp_fcvt_w_d), (.fcvtWuD, TernOp_fcvt_wu_d), (.fcvtLD, TernOp_fcvt_l_d),
            (.fcvtLuD, TernOp_fcvt_lu_d)])
    other([(.sb, TernOp_sb), (.sh, TernOp_sh), (.sw, TernOp_sw), (.sd, TernOp_sd),
           (.flw, TernOp_flw), (.fld, TernOp_fld), (.fsw, TernOp_fsw), (.fsd, TernOp_fsd),
           (.faddS, TernOp_fadd_s), (.fsubS, TernOp_fsub_s), (.fmulS, TernOp_fmul_s), (.fdivS, TernOp_fdiv_s),
           (.fsqrtS, TernOp_fsqrt_s), (.fminS, TernOp_fmin_s), (.fmaxS, TernOp_fmax_s),
           (.fmaddS, TernOp_fmadd_s), (.fmsubS, TernOp_fmsub_s), (.fnmsubS, TernOp_fnmsub_s),
           (.fnmaddS, TernOp_fnmadd_s), (.fsgnjS, TernOp_fsgnj_s), (.fsgnjnS, TernOp_fsgnjn_s),
           (.fsgnjxS, TernOp_fsgnjx_s), (.fcvtSW, TernOp_fcvt_s_w), (.fcvtSWu, TernOp_fcvt_s_wu),
           (.fcvtSL, TernOp_fcvt_s_l), (.fcvtSLu, TernOp_fcvt_s_lu), (.fmvWX, TernOp_fmv_w_x),
           (.faddD, TernOp_fadd_d), (.fsubD, TernOp_fsub_d), (.fmulD, TernOp_fmul_d), (.fdivD, TernOp_fdiv_d),
           (.fsqrtD, TernOp_fsqrt_d), (.fminD, TernOp_fmin_d), (.fmaxD, TernOp_fmax_d),
           (.fmaddD, TernOp_fmadd_d), (.fmsubD, TernOp_fmsub_d), (.fnmsubD, TernOp_fnmsub_d),
           (.fnmaddD, TernOp_fnmadd_d), (.fsgnjD, TernOp_fsgnj_d), (.fsgnjnD, TernOp_fsgnjn_d),
           (.fsgnjxD, TernOp_fsgnjx_d), (.fcvtDW, TernOp_fcvt_d_w), (.fcvtDWu, TernOp_fcvt_d_wu),
           (.fcvtDL, TernOp_fcvt_d_l), (.fcvtDLu, TernOp_fcvt_d_lu), (.fmvDX, TernOp_fmv_d_x),
           (.fcvtSD, TernOp_fcvt_s_d), (.fcvtDS, TernOp_fcvt_d_s)])
    return t
}()

/// CSR instructions: opcode → (op, immediate form).
let csrOps: [Opcode: (TernOpID, Bool)] = [
    .csrrw: (TernOp_csrrw, false), .csrrs: (TernOp_csrrs, false), .csrrc: (TernOp_csrrc, false),
    .csrrwi: (TernOp_csrrw, true), .csrrsi: (TernOp_csrrs, true), .csrrci: (TernOp_csrrc, true),
]

/// Conditional branches.
let branchOps: [Opcode: TernOpID] = [
    .beq: TernOp_beq, .bne: TernOp_bne, .blt: TernOp_blt, .bge: TernOp_bge,
    .bltu: TernOp_bltu, .bgeu: TernOp_bgeu,
]
