import CoreGlue

/// Peephole pass over a translated block, run before its link record is
/// appended: folds constants built in two steps, specialises branches against
/// x0 and `add rd, x0, rs`, and turns frequent dependent pairs into
/// superinstructions. The pairs were chosen from dynamic pair counts over the
/// benchmark kernels (`python3 Bench/pairs.py`).
enum Fusion {
    /// A superinstruction: `first` then `second`, fused when `link` holds.
    struct Rule {
        let first: TernOpID
        let second: TernOpID
        let fused: TernOpID
        let link: Link
    }

    /// What a rule requires of the second op's sources.
    enum Link {
        /// `second.rs1` is `first.rd` (the handler keeps that value in a register).
        case rs1
        /// As `rs1`, and `second` is commutative: its sources may be swapped.
        case commutative
        /// Nothing: two independent ops, one dispatch.
        case none
    }

    static let rules: [Rule] = [
        Rule(first: TernOp_slli, second: TernOp_add, fused: TernOp_slli_add, link: .commutative),
        Rule(first: TernOp_slli, second: TernOp_srli, fused: TernOp_slli_srli, link: .rs1),
        Rule(first: TernOp_srli, second: TernOp_xor_, fused: TernOp_srli_xor, link: .commutative),
        Rule(first: TernOp_slli, second: TernOp_or_, fused: TernOp_slli_or, link: .commutative),
        Rule(first: TernOp_add, second: TernOp_ld, fused: TernOp_add_ld, link: .rs1),
        Rule(first: TernOp_add, second: TernOp_lw, fused: TernOp_add_lw, link: .rs1),
        Rule(first: TernOp_add, second: TernOp_lbu, fused: TernOp_add_lbu, link: .rs1),
        Rule(first: TernOp_addi, second: TernOp_bne, fused: TernOp_addi_bne, link: .commutative),
        Rule(first: TernOp_addi, second: TernOp_blt, fused: TernOp_addi_blt, link: .rs1),
        Rule(first: TernOp_addi, second: TernOp_bltu, fused: TernOp_addi_bltu, link: .rs1),
        Rule(first: TernOp_addiw, second: TernOp_bne, fused: TernOp_addiw_bne, link: .commutative),
        // After `specialise`: the branch reads x0 as rs2, which the pair handles.
        Rule(first: TernOp_addi, second: TernOp_bnez, fused: TernOp_addi_bne, link: .rs1),
        Rule(first: TernOp_addiw, second: TernOp_bnez, fused: TernOp_addiw_bne, link: .rs1),
        // Adjacent pairs without a data dependence.
        Rule(first: TernOp_fld, second: TernOp_fld, fused: TernOp_fld_fld, link: .none),
        Rule(first: TernOp_addi, second: TernOp_add, fused: TernOp_addi_add, link: .none),
        Rule(first: TernOp_fld, second: TernOp_addi, fused: TernOp_fld_addi, link: .none),
        Rule(first: TernOp_addi, second: TernOp_addi, fused: TernOp_addi_addi, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_mul, fused: TernOp_xor_mul, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_srli, fused: TernOp_xor_srli, link: .none),
        Rule(first: TernOp_slli, second: TernOp_xor_, fused: TernOp_slli_xor, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_slli, fused: TernOp_xor_slli, link: .none),
        Rule(first: TernOp_ld, second: TernOp_addi, fused: TernOp_ld_addi, link: .none),
        Rule(first: TernOp_lw, second: TernOp_addi, fused: TernOp_lw_addi, link: .none),
        Rule(first: TernOp_addiw, second: TernOp_addiw, fused: TernOp_addiw_addiw, link: .none),
        Rule(first: TernOp_lw, second: TernOp_lw, fused: TernOp_lw_lw, link: .none),
        Rule(first: TernOp_ld, second: TernOp_ld, fused: TernOp_ld_ld, link: .none),
        Rule(first: TernOp_sd, second: TernOp_sd, fused: TernOp_sd_sd, link: .none),
        Rule(first: TernOp_sw, second: TernOp_bne, fused: TernOp_sw_bne, link: .none),
        Rule(first: TernOp_fsd, second: TernOp_bne, fused: TernOp_fsd_bne, link: .none),
        Rule(first: TernOp_sb, second: TernOp_bne, fused: TernOp_sb_bne, link: .none),
        Rule(first: TernOp_sd, second: TernOp_bne, fused: TernOp_sd_bne, link: .none),
        Rule(first: TernOp_mv, second: TernOp_mv, fused: TernOp_mv_mv, link: .none),
        Rule(first: TernOp_or_, second: TernOp_or_, fused: TernOp_or_or, link: .none),
        Rule(first: TernOp_slliw, second: TernOp_srliw, fused: TernOp_slliw_srliw, link: .none),
        Rule(first: TernOp_srliw, second: TernOp_slliw, fused: TernOp_srliw_slliw, link: .none),
        Rule(first: TernOp_addw, second: TernOp_xor_, fused: TernOp_addw_xor, link: .none),
        Rule(first: TernOp_addw, second: TernOp_addiw, fused: TernOp_addw_addiw, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_addw, fused: TernOp_xor_addw, link: .none),
        Rule(first: TernOp_addw, second: TernOp_addw, fused: TernOp_addw_addw, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_xor_, fused: TernOp_xor_xor, link: .none),
        Rule(first: TernOp_addi, second: TernOp_mulw, fused: TernOp_addi_mulw, link: .none),
        Rule(first: TernOp_addi, second: TernOp_addw, fused: TernOp_addi_addw, link: .none),
        Rule(first: TernOp_addi, second: TernOp_sd, fused: TernOp_addi_sd, link: .none),
        Rule(first: TernOp_add, second: TernOp_xori, fused: TernOp_add_xori, link: .none),
        Rule(first: TernOp_and_, second: TernOp_and_, fused: TernOp_and_and, link: .none),
        Rule(first: TernOp_xori, second: TernOp_and_, fused: TernOp_xori_and, link: .none),
        Rule(first: TernOp_srl, second: TernOp_sll, fused: TernOp_srl_sll, link: .none),
        Rule(first: TernOp_sll, second: TernOp_or_, fused: TernOp_sll_or, link: .none),
        Rule(first: TernOp_ld, second: TernOp_sd, fused: TernOp_ld_sd, link: .none),
        Rule(first: TernOp_and_, second: TernOp_beqz, fused: TernOp_and_beqz, link: .none),
        // Second round: sha256 rounds, the fsm loop, strlen and bcmp.
        Rule(first: TernOp_slliw, second: TernOp_slliw, fused: TernOp_slliw_slliw, link: .none),
        Rule(first: TernOp_srliw, second: TernOp_srliw, fused: TernOp_srliw_srliw, link: .none),
        Rule(first: TernOp_srliw, second: TernOp_or_, fused: TernOp_srliw_or, link: .none),
        Rule(first: TernOp_slliw, second: TernOp_or_, fused: TernOp_slliw_or, link: .none),
        Rule(first: TernOp_or_, second: TernOp_xori, fused: TernOp_or_xori, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_and_, fused: TernOp_xor_and, link: .none),
        Rule(first: TernOp_and_, second: TernOp_addw, fused: TernOp_and_addw, link: .none),
        Rule(first: TernOp_addi, second: TernOp_mv, fused: TernOp_addi_mv, link: .none),
        Rule(first: TernOp_addiw, second: TernOp_addi, fused: TernOp_addiw_addi, link: .none),
        Rule(first: TernOp_or_, second: TernOp_addw, fused: TernOp_or_addw, link: .none),
        Rule(first: TernOp_sw, second: TernOp_addi, fused: TernOp_sw_addi, link: .none),
        Rule(first: TernOp_lbu, second: TernOp_mv, fused: TernOp_lbu_mv, link: .none),
        Rule(first: TernOp_add, second: TernOp_add, fused: TernOp_add_add, link: .none),
        Rule(first: TernOp_lbu, second: TernOp_addi, fused: TernOp_lbu_addi, link: .none),
        Rule(first: TernOp_sub, second: TernOp_sltu, fused: TernOp_sub_sltu, link: .none),
        Rule(first: TernOp_add, second: TernOp_sd, fused: TernOp_add_sd, link: .none),
        Rule(first: TernOp_slli, second: TernOp_addi, fused: TernOp_slli_addi, link: .none),
        Rule(first: TernOp_mv, second: TernOp_jal, fused: TernOp_mv_jal, link: .none),
        Rule(first: TernOp_ld, second: TernOp_beq, fused: TernOp_ld_beq, link: .none),
        // Third round: crc32, sort, hashmap, interp and strbuild.
        Rule(first: TernOp_ld, second: TernOp_mv, fused: TernOp_ld_mv, link: .none),
        Rule(first: TernOp_sd, second: TernOp_addi, fused: TernOp_sd_addi, link: .none),
        Rule(first: TernOp_addi, second: TernOp_xor_, fused: TernOp_addi_xor, link: .none),
        Rule(first: TernOp_addi, second: TernOp_sb, fused: TernOp_addi_sb, link: .none),
        Rule(first: TernOp_lbu, second: TernOp_lbu, fused: TernOp_lbu_lbu, link: .none),
        Rule(first: TernOp_ld, second: TernOp_add, fused: TernOp_ld_add, link: .none),
        Rule(first: TernOp_mul, second: TernOp_addi, fused: TernOp_mul_addi, link: .none),
        Rule(first: TernOp_andi, second: TernOp_slli, fused: TernOp_andi_slli, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_addiw, fused: TernOp_xor_addiw, link: .none),
        Rule(first: TernOp_lbu, second: TernOp_srliw, fused: TernOp_lbu_srliw, link: .none),
        Rule(first: TernOp_srliw, second: TernOp_addi, fused: TernOp_srliw_addi, link: .none),
        Rule(first: TernOp_xor_, second: TernOp_andi, fused: TernOp_xor_andi, link: .none),
        Rule(first: TernOp_lw, second: TernOp_xor_, fused: TernOp_lw_xor, link: .none),
        Rule(first: TernOp_lw, second: TernOp_add, fused: TernOp_lw_add, link: .none),
        Rule(first: TernOp_addi, second: TernOp_and_, fused: TernOp_addi_and, link: .none),
        Rule(first: TernOp_sd, second: TernOp_ld, fused: TernOp_sd_ld, link: .none),
        Rule(first: TernOp_slli, second: TernOp_slli, fused: TernOp_slli_slli, link: .none),
        Rule(first: TernOp_ld, second: TernOp_bnez, fused: TernOp_ld_bnez, link: .none),
        Rule(first: TernOp_ld, second: TernOp_bltu, fused: TernOp_ld_bltu, link: .none),
        Rule(first: TernOp_lbu, second: TernOp_bltu, fused: TernOp_lbu_bltu, link: .none),
        Rule(first: TernOp_addi, second: TernOp_jal, fused: TernOp_addi_jal, link: .none),
        Rule(first: TernOp_and_, second: TernOp_jal, fused: TernOp_and_jal, link: .none),
        Rule(first: TernOp_sd, second: TernOp_jal, fused: TernOp_sd_jal, link: .none),
        Rule(first: TernOp_add, second: TernOp_bne, fused: TernOp_add_bne, link: .none),
    ]

    /// Branches with rs2 = x0 → one-register forms; for `eq`/`ne`, rs1 = x0 too.
    static let zeroBranches: [TernOpID: (TernOpID, symmetric: Bool)] = [
        TernOp_beq: (TernOp_beqz, true), TernOp_bne: (TernOp_bnez, true),
        TernOp_blt: (TernOp_bltz, false), TernOp_bge: (TernOp_bgez, false),
    ]

    private static let ruleTable: [Pair: Rule] = Dictionary(uniqueKeysWithValues: rules.map {
        (Pair(first: $0.first.rawValue, second: $0.second.rawValue), $0)
    })

    private struct Pair: Hashable { let first: UInt16; let second: UInt16 }

    /// The op a fused or specialised record stands for when it is read on its
    /// own: a pair's first op (the next record keeps the second op, operands and
    /// handler unchanged), or the two-register branch of a zero form (its rs2 is
    /// x0, which reads 0). Nil for ops the pass does not create. A consumer of IR
    /// records that only knows the base ops (for example a native tier) can
    /// compile a fused block record by record through this map.
    static func original(of id: TernOpID) -> TernOpID? { originals[id] }

    private static let originals: [TernOpID: TernOpID] = {
        var map: [TernOpID: TernOpID] = [:]
        for rule in rules { map[rule.fused] = rule.first }
        for (branch, (zero, _)) in zeroBranches { map[zero] = branch }
        return map
    }()

    /// Rewrites `ops` (a whole block, terminator last, no link record yet).
    static func apply(_ ops: inout [TernOp]) {
        var ids = ops.map { TernOpID(handler: $0.handler) }
        foldConstants(&ops, &ids)
        specialise(&ops, &ids)
        var i = 0
        while i + 1 < ops.count {
            guard let a = ids[i], let b = ids[i + 1],
                  let rule = ruleTable[Pair(first: a.rawValue, second: b.rawValue)] else { i += 1; continue }
            let t = ops[i].rd
            if rule.link != .none, ops[i + 1].rs1 != t {
                guard rule.link == .commutative, ops[i + 1].rs2 == t else { i += 1; continue }
                ops[i + 1].rs2 = ops[i + 1].rs1
                ops[i + 1].rs1 = t
            }
            ops[i].handler = rule.fused.handler
            ids[i] = rule.fused
            i += 2
        }
    }

    /// `li r, c; addi/addiw r2, r, k` → the second becomes `li r2, c + k`; the
    /// first is dropped when r2 == r (lui+addi, auipc+addi).
    private static func foldConstants(_ ops: inout [TernOp], _ ids: inout [TernOpID?]) {
        var i = 0
        while i + 1 < ops.count {
            if ids[i] == TernOp_li, ids[i + 1] == TernOp_addi || ids[i + 1] == TernOp_addiw,
               ops[i + 1].rs1 == ops[i].rd {
                var value = ops[i].imm &+ ops[i + 1].imm
                if ids[i + 1] == TernOp_addiw { value = Int64(Int32(truncatingIfNeeded: value)) }
                ops[i + 1] = TernOp(TernOp_li, pc: ops[i + 1].pc, rd: ops[i + 1].rd, imm: value, aux: ops[i + 1].aux)
                ids[i + 1] = TernOp_li
                if ops[i + 1].rd == ops[i].rd {
                    ops.remove(at: i)
                    ids.remove(at: i)
                    continue
                }
            }
            i += 1
        }
    }

    /// Single-op specialisations: `add rd, x0, rs` → `mv`; branches against x0.
    private static func specialise(_ ops: inout [TernOp], _ ids: inout [TernOpID?]) {
        for i in ops.indices {
            switch ids[i] {
            case TernOp_add where ops[i].rs1 == 0 || ops[i].rs2 == 0:
                let source = ops[i].rs1 == 0 ? ops[i].rs2 : ops[i].rs1
                ops[i] = TernOp(TernOp_mv, pc: ops[i].pc, rd: ops[i].rd, rs1: source, aux: ops[i].aux)
                ids[i] = TernOp_mv
            case let id? where zeroBranches[id] != nil:
                let (zero, symmetric) = zeroBranches[id]!
                if ops[i].rs2 == 0 || (symmetric && ops[i].rs1 == 0) {
                    if ops[i].rs2 != 0 { ops[i].rs1 = ops[i].rs2 }
                    ops[i].rs2 = 0
                    ops[i].handler = zero.handler
                    ids[i] = zero
                }
            default: break
            }
        }
    }
}
