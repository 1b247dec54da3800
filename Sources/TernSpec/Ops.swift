/// The threaded engine's ops other than fused pairs, by handler group (Ops.def order).
public let opGroups: [OpGroup] = [
    OpGroup("Integer", [
        OpSection("Integer register-register (RV64I, M).", .op, ["add", "sub", "sll", "slt", "sltu", "xor_", "srl", "sra", "or_", "and_", "addw", "subw", "sllw", "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw", "divuw", "remw", "remuw"]),
        OpSection("Integer register-immediate.", .op, ["addi", "slti", "sltiu", "xori", "ori", "andi", "slli", "srli", "srai", "addiw", "slliw", "srliw", "sraiw"]),
        OpSection("Specialised forms chosen at translate time.", .op, ["li", "mv", "nop", "fence"]),
    ]),
    OpGroup("Memory", [
        OpSection("Loads and stores.", .op, ["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "sb", "sh", "sw", "sd", "flw", "fld", "fsw", "fsd"]),
    ]),
    OpGroup("Atomic", [
        OpSection("Atomics (A).", .op, ["lr_w", "lr_d", "sc_w", "sc_d", "amoswap_w", "amoadd_w", "amoxor_w", "amoand_w", "amoor_w", "amomin_w", "amomax_w", "amominu_w", "amomaxu_w", "amoswap_d", "amoadd_d", "amoxor_d", "amoand_d", "amoor_d", "amomin_d", "amomax_d", "amominu_d", "amomaxu_d"]),
    ]),
    OpGroup("CSR", [
        OpSection("Zicsr.", .op, ["csrrw", "csrrs", "csrrc"]),
    ]),
    OpGroup("Float", [
        OpSection("Single precision (F).", .op, ["fadd_s", "fsub_s", "fmul_s", "fdiv_s", "fsqrt_s", "fmin_s", "fmax_s", "fmadd_s", "fmsub_s", "fnmsub_s", "fnmadd_s", "fsgnj_s", "fsgnjn_s", "fsgnjx_s", "feq_s", "flt_s", "fle_s", "fclass_s", "fcvt_w_s", "fcvt_wu_s", "fcvt_l_s", "fcvt_lu_s", "fcvt_s_w", "fcvt_s_wu", "fcvt_s_l", "fcvt_s_lu", "fmv_x_w", "fmv_w_x"]),
        OpSection("Double precision (D).", .op, ["fadd_d", "fsub_d", "fmul_d", "fdiv_d", "fsqrt_d", "fmin_d", "fmax_d", "fmadd_d", "fmsub_d", "fnmsub_d", "fnmadd_d", "fsgnj_d", "fsgnjn_d", "fsgnjx_d", "feq_d", "flt_d", "fle_d", "fclass_d", "fcvt_w_d", "fcvt_wu_d", "fcvt_l_d", "fcvt_lu_d", "fcvt_d_w", "fcvt_d_wu", "fcvt_d_l", "fcvt_d_lu", "fmv_x_d", "fmv_d_x", "fcvt_s_d", "fcvt_d_s"]),
    ]),
    OpGroup("Control", [
        OpSection("Block terminators.", .term, ["beq", "bne", "blt", "bge", "bltu", "bgeu", "jal", "jalr", "jump", "ecall", "ebreak", "illegal", "fence_i", "system"]),
        OpSection("A debugger breakpoint: the whole block at a breakpoint address (Translator.breakpoints).", .term, ["breakpoint"]),
        OpSection("Calls push the return-address stack, returns pop it (ControlHandlers.swift).", .term, ["jal_call", "jalr_call", "jalr_ret", "jalr_swap"]),
        OpSection("Block entry counter, first op of every block when --profile-blocks is on.", .op, ["profile"]),
    ]),
    OpGroup("BitManip", [
        OpSection("Zba.", .op, ["add_uw", "sh1add", "sh2add", "sh3add", "sh1add_uw", "sh2add_uw", "sh3add_uw", "slli_uw"]),
        OpSection("Zbb.", .op, ["andn", "orn", "xnor", "clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "max", "maxu",
                                "min", "minu", "sext_b", "sext_h", "zext_h", "rol", "rolw", "ror", "rori", "roriw",
                                "rorw", "orc_b", "rev8"]),
        OpSection("Zbc.", .op, ["clmul", "clmulh", "clmulr"]),
        OpSection("Zbs.", .op, ["bclr", "bclri", "bext", "bexti", "binv", "binvi", "bset", "bseti"]),
        OpSection("Zicond.", .op, ["czero_eqz", "czero_nez"]),
        OpSection("Zimop: may-be-operations write 0 to rd. Zicbom/Zicboz: cache-block operations.", .op,
                  ["mop", "cbo_probe", "cbo_zero"]),
    ]),
    OpGroup("Fused", [
        OpSection("Specialised forms: branches against x0.", .term, ["beqz", "bnez", "bltz", "bgez"]),
    ]),
    // The generated pair bodies (Pairs.swift, `.generated`): no ops of their own here.
    OpGroup("Adjacent", []),
    OpGroup("TranslatedMemory", [
        OpSection("""
            Loads and stores through the data TLB (TernHart.tlb), chosen by the translator
            instead of the direct ones while a personality translates guest addresses
            (bare-metal paging, MPRV, PMP): virtual address + TLB addend, misses call
            TernHart.tlbMiss. Bodies in Handlers/TranslatedMemoryHandlers.swift.
            """, .op, ["vlb", "vlh", "vlw", "vld", "vlbu", "vlhu", "vlwu", "vsb", "vsh", "vsw", "vsd",
                       "vflw", "vfld", "vfsw", "vfsd", "vflh", "vfsh"]),
    ]),
    OpGroup("HalfFloat", [
        OpSection("Zfhmin: half-precision loads, stores, moves and conversions.", .op,
                  ["flh", "fsh", "fmv_x_h", "fmv_h_x", "fcvt_s_h", "fcvt_h_s", "fcvt_d_h", "fcvt_h_d"]),
        OpSection("Zfh: half-precision arithmetic.", .op,
                  ["fmadd_h", "fmsub_h", "fnmsub_h", "fnmadd_h", "fadd_h", "fsub_h", "fmul_h", "fdiv_h", "fsqrt_h",
                   "fsgnj_h", "fsgnjn_h", "fsgnjx_h", "fmin_h", "fmax_h", "feq_h", "flt_h", "fle_h", "fclass_h",
                   "fcvt_w_h", "fcvt_wu_h", "fcvt_l_h", "fcvt_lu_h", "fcvt_h_w", "fcvt_h_wu", "fcvt_h_l", "fcvt_h_lu"]),
        OpSection("Zfa: fli, fminm/fmaxm, fround/froundnx, fcvtmod.w.d, fleq/fltq.", .op,
                  ["fli_s", "fli_d", "fli_h", "fminm_s", "fmaxm_s", "fminm_d", "fmaxm_d", "fminm_h", "fmaxm_h",
                   "fround_s", "froundnx_s", "fround_d", "froundnx_d", "fround_h", "froundnx_h", "fcvtmod_w_d",
                   "fleq_s", "fltq_s", "fleq_d", "fltq_d", "fleq_h", "fltq_h"]),
    ]),
    OpGroup("Vector", [
        OpSection("""
            The V extension: every vector instruction is a row of TernSpec/Vector*.swift (aux low 16
            bits: its index in `vectorInstructions`); these three ops apply the row's class with the
            generic drivers of Sources/TernCore/Vector.
            """, .op, ["vconfig", "vmemory", "varith"]),
    ]),
]
