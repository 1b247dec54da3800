import CoreGlue
import TernSpec
import JITRuntime
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
    /// A scalar floating-point op (`NativeFloatEmitter`): on the host unit
    /// where it provably gives TernFloat's value and flags (round to nearest
    /// even with NX accrued, a safe result, NaN-boxed single operands), else a
    /// call of its body.
    case float(NativeFloatForm, body: UInt)
    /// A scalar op on rax = x[rs1] (and rcx = x[rs2] when `binary`): the `code`
    /// bytes, then the 6-bit immediate as an imm8 when `immediate`, then `then`,
    /// leave x[rd] in rax. Used only when the host has `feature` (a call of the
    /// body otherwise).
    case scalar([UInt8], binary: Bool, immediate: Bool = false, then: [UInt8] = [], feature: HostFeature = .base)
    /// Zba's `add.uw` and `sh1add`...`sh3add(.uw)`: x[rd] = x[rs2] + (x[rs1],
    /// its low 32 bits zero-extended when `zeroExtend`) << `shift`, one `lea`
    /// on the operands' host registers.
    case shiftAdd(UInt8, zeroExtend: Bool)
    /// Any other straight-line op: a System V call of its body (`tern_call_<op>`
    /// in ThreadedGlue.h) with (op record, hart, memory base).
    case call(UInt)
    /// A vector op with a native shape (`NativeVectorEmitter`): specialised when
    /// the compiler knows (or speculates) its vtype, with a call of its body
    /// (the threaded driver) for the cases the fast path leaves out.
    case vector(NativeVectorShape, body: UInt)
}

/// Host instruction-set features a native form may need (CPUID, HostCPU.h).
enum HostFeature: UInt32, Sendable {
    /// Every x86-64.
    case base = 0
    case popcnt = 1, lzcnt = 2, bmi1 = 4, bmi2 = 8
    /// PCLMULQDQ and SSE4.1's PEXTRQ.
    case pclmul = 0x30
    /// AVX2 with ymm state saved by the OS (native vector code).
    case avx2 = 0x40
    /// FMA3 (the native vector fused multiply-adds).
    case fma = 0x80

    /// What this host has.
    static let host = tern_host_cpu_features()

    /// Whether this host has the feature.
    var available: Bool { HostFeature.host & rawValue == rawValue }
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
    // `forms` (NativeForms.swift) is generated from TernSpec/NativeForms.swift.

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
        if id == TernOp_vconfig || id == TernOp_vmemory || id == TernOp_varith {
            guard let body else { return nil }
            return NativeVectorTable.shape(of: op).map { .vector($0, body: body) } ?? .call(body)
        }
        switch formsByID[i] {
        case .float(let f, _)?:
            guard let body else { return nil }
            // Round to nearest even: static (0) or dynamic (7, checked at run
            // time); any static mode for the exact 32-bit conversion.
            let rm = op.aux & 0xffff
            if f.roundsToNearest && rm != 0 && rm != 7 { return .call(body) }
            if case .fromInteger(wide: false) = f, rm > 4 && rm != 7 { return .call(body) }
            if case .fused = f, !HostFeature.fma.available { return .call(body) }
            return .float(f, body: body)
        case .scalar(_, _, _, _, let feature)? where !feature.available:
            return body.map { .call($0) }
        case let f? where !f.needsImm32 || Int64(Int32(truncatingIfNeeded: op.imm)) == op.imm:
            return f
        default:
            return body.map { .call($0) }
        }
    }
}
