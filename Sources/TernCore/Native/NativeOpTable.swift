import CoreGlue
import CoreGlue.ThreadedGlue

/// How the native tier emits one IR op as x86-64. ALU results are computed in
/// rd's host register (or rax); other forms use rax = x[rs1] (or the effective
/// address) and rcx = x[rs2].
enum NativeForm: Sendable {
    /// `op rd, rs2` on rd = rs1 (32-bit and sign-extended when `word`).
    case regReg(X86ALU, word: Bool)
    /// `op rd, imm` on rd = rs1 (32-bit and sign-extended when `word`).
    case regImm(X86ALU, NativeImmediate, word: Bool)
    /// `cmp rax, rcx` / `cmp rax, imm32`, `setcc al`, `movzx eax, al`.
    case setIf(cc: UInt8, immediate: Bool)
    case loadImmediate, move, nothing, fence
    /// Effective address in rax, checked; then the access bytes (`[r12 + rax]`).
    case load([UInt8])
    case store([UInt8])
    /// FP load into f[rd] (NaN-boxing 32-bit values) / FP store of f[rs2].
    case floatLoad([UInt8], nanBox: Bool)
    case floatStore([UInt8])
    /// Conditional branch: `jcc` condition code (low nibble of 0F 8x).
    case branch(cc: UInt8)
    case jal, jump, jalr, ecall
    /// A double-precision add/sub/mul/div (`op xmm0, ...` SSE opcode) on the
    /// host unit when TernFloat's exact fast path applies (round to nearest
    /// even, NX already accrued, a normal result above the smallest normal:
    /// no flag can change); otherwise a call of its body.
    case floatArith(UInt8, body: UInt)
    /// feq/flt/fle.d: `ucomisd` and `setcc` (condition code) for ordered
    /// operands, which raise no flag; a call of its body when either is NaN.
    case floatCompare(cc: UInt8, body: UInt)
    /// fcvt.d.w: `cvtsi2sd`, exact under every rounding mode; with the dynamic
    /// mode, a call of its body when frm is invalid (it traps).
    case wordToDouble(body: UInt)
    /// Any other straight-line op: a System V call of its body (`tern_call_<op>`
    /// in ThreadedGlue.h) with (op record, hart, memory base).
    case call(UInt)
}

extension NativeForm {
    /// Whether the emitted code carries `imm` as a sign-extended 32-bit field
    /// (ops with a wider immediate run through their body instead).
    var needsImm32: Bool {
        switch self {
        case .regImm(_, .imm32, _), .load, .store, .floatLoad, .floatStore, .jalr: true
        case .setIf(_, let immediate): immediate
        default: false
        }
    }
}

/// Immediate operand encodings.
enum NativeImmediate: Sendable {
    case imm32, shift64, shift32
}

/// The ops the native tier compiles, by op id. Ops not listed run in the
/// threaded engine (the block's native code exits to it at that op).
enum NativeOpTable {
    static let forms: [TernOpID: NativeForm] = [
        TernOp_add: .regReg(.add, word: false),
        TernOp_sub: .regReg(.sub, word: false),
        TernOp_sll: .regReg(.shl, word: false),
        TernOp_srl: .regReg(.shr, word: false),
        TernOp_sra: .regReg(.sar, word: false),
        TernOp_xor_: .regReg(.xor, word: false),
        TernOp_or_: .regReg(.or, word: false),
        TernOp_and_: .regReg(.and, word: false),
        TernOp_mul: .regReg(.imul, word: false),
        TernOp_addw: .regReg(.add, word: true),
        TernOp_subw: .regReg(.sub, word: true),
        TernOp_sllw: .regReg(.shl, word: true),
        TernOp_srlw: .regReg(.shr, word: true),
        TernOp_sraw: .regReg(.sar, word: true),
        TernOp_mulw: .regReg(.imul, word: true),
        TernOp_slt: .setIf(cc: 0xc, immediate: false),
        TernOp_sltu: .setIf(cc: 0x2, immediate: false),
        TernOp_addi: .regImm(.add, .imm32, word: false),
        TernOp_xori: .regImm(.xor, .imm32, word: false),
        TernOp_ori: .regImm(.or, .imm32, word: false),
        TernOp_andi: .regImm(.and, .imm32, word: false),
        TernOp_slli: .regImm(.shl, .shift64, word: false),
        TernOp_srli: .regImm(.shr, .shift64, word: false),
        TernOp_srai: .regImm(.sar, .shift64, word: false),
        TernOp_addiw: .regImm(.add, .imm32, word: true),
        TernOp_slliw: .regImm(.shl, .shift32, word: true),
        TernOp_srliw: .regImm(.shr, .shift32, word: true),
        TernOp_sraiw: .regImm(.sar, .shift32, word: true),
        TernOp_slti: .setIf(cc: 0xc, immediate: true),
        TernOp_sltiu: .setIf(cc: 0x2, immediate: true),
        TernOp_li: .loadImmediate,
        TernOp_mv: .move,
        TernOp_nop: .nothing,
        TernOp_fence: .fence,
        TernOp_ld: .load([0x49, 0x8b, 0x04, 0x04]),        // mov rax, [r12+rax]
        TernOp_lw: .load([0x49, 0x63, 0x04, 0x04]),        // movsxd rax, dword [r12+rax]
        TernOp_lwu: .load([0x41, 0x8b, 0x04, 0x04]),       // mov eax, [r12+rax]
        TernOp_lh: .load([0x49, 0x0f, 0xbf, 0x04, 0x04]),  // movsx rax, word [r12+rax]
        TernOp_lhu: .load([0x41, 0x0f, 0xb7, 0x04, 0x04]), // movzx eax, word [r12+rax]
        TernOp_lb: .load([0x49, 0x0f, 0xbe, 0x04, 0x04]),  // movsx rax, byte [r12+rax]
        TernOp_lbu: .load([0x41, 0x0f, 0xb6, 0x04, 0x04]), // movzx eax, byte [r12+rax]
        TernOp_sd: .store([0x49, 0x89, 0x0c, 0x04]),       // mov [r12+rax], rcx
        TernOp_sw: .store([0x41, 0x89, 0x0c, 0x04]),       // mov [r12+rax], ecx
        TernOp_sh: .store([0x66, 0x41, 0x89, 0x0c, 0x04]), // mov [r12+rax], cx
        TernOp_sb: .store([0x41, 0x88, 0x0c, 0x04]),       // mov [r12+rax], cl
        TernOp_fld: .floatLoad([0x49, 0x8b, 0x04, 0x04], nanBox: false),  // mov rax, [r12+rax]
        TernOp_flw: .floatLoad([0x41, 0x8b, 0x04, 0x04], nanBox: true),   // mov eax, [r12+rax]
        TernOp_fsd: .floatStore([0x49, 0x89, 0x0c, 0x04]),                // mov [r12+rax], rcx
        TernOp_fsw: .floatStore([0x41, 0x89, 0x0c, 0x04]),                // mov [r12+rax], ecx
        TernOp_beq: .branch(cc: 0x4), TernOp_bne: .branch(cc: 0x5),
        TernOp_blt: .branch(cc: 0xc), TernOp_bge: .branch(cc: 0xd),
        TernOp_bltu: .branch(cc: 0x2), TernOp_bgeu: .branch(cc: 0x3),
        TernOp_jal: .jal, TernOp_jump: .jump, TernOp_jalr: .jalr, TernOp_ecall: .ecall,
        // Bodies attached in `form(of:)`.
        TernOp_fadd_d: .floatArith(0x58, body: 0), TernOp_fsub_d: .floatArith(0x5c, body: 0),
        TernOp_fmul_d: .floatArith(0x59, body: 0), TernOp_fdiv_d: .floatArith(0x5e, body: 0),
        TernOp_feq_d: .floatCompare(cc: 0x4, body: 0), TernOp_flt_d: .floatCompare(cc: 0x2, body: 0),
        TernOp_fle_d: .floatCompare(cc: 0x6, body: 0), TernOp_fcvt_d_w: .wordToDouble(body: 0),
        // Call/return forms carry the threaded engine's return-address-stack
        // hints; natively they are plain jal/jalr (returns probe the jump table).
        TernOp_jal_call: .jal, TernOp_jalr_call: .jalr, TernOp_jalr_ret: .jalr, TernOp_jalr_swap: .jalr,
    ]

    /// For each op id, the op compiled in its place: superinstructions
    /// (Translator/Fusion.swift) are compiled as their first op (the record
    /// keeps that op's operands and the next record its own handler, so
    /// native code runs both instructions one after the other).
    private static let compiledIDs: [TernOpID] = HandlerTable.handlers.indices.map {
        let id = TernOpID(rawValue: UInt16($0))
        return Fusion.original(of: id) ?? id
    }

    /// `forms` by op id (nil: no form of its own).
    private static let formsByID: [NativeForm?] = HandlerTable.handlers.indices.map {
        forms[TernOpID(rawValue: UInt16($0))]
    }

    /// The op id of an IR op record, for native compilation.
    static func id(of op: TernOp) -> TernOpID? {
        TernOpID(handler: op.handler).map { compiledIDs[Int($0.rawValue)] }
    }

    /// Body-call addresses in op-id order (0 for terminators).
    static let calls: [UInt] = withUnsafeBytes(of: tern_op_calls) { Array($0.bindMemory(to: UInt.self)) }

    /// How to emit `op`: its own form, else a call of its body; nil when the
    /// op must run in the threaded engine (terminators the tier does not handle).
    static func form(of op: TernOp) -> NativeForm? {
        guard let id = id(of: op) else { return nil }
        let i = Int(id.rawValue)
        let body = i < calls.count && calls[i] != 0 ? calls[i] : nil
        switch formsByID[i] {
        case .floatArith(let opcode, _)?:
            // Static round-to-nearest-even (0) or dynamic (7, checked at run time).
            guard let body else { return nil }
            let rm = op.aux & 0xffff
            return rm == 0 || rm == 7 ? .floatArith(opcode, body: body) : .call(body)
        case .floatCompare(let cc, _)?:
            return body.map { .floatCompare(cc: cc, body: $0) }
        case .wordToDouble?:
            guard let body else { return nil }
            let rm = op.aux & 0xffff
            return rm <= 4 || rm == 7 ? .wordToDouble(body: body) : .call(body)
        case let f? where !f.needsImm32 || Int64(Int32(truncatingIfNeeded: op.imm)) == op.imm:
            return f
        default:
            return body.map { .call($0) }
        }
    }
}
