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

    // `rules` (FusionRules.swift) is generated from TernSpec/Pairs.swift.

    /// Branches with rs2 = x0 → one-register forms; for `eq`/`ne`, rs1 = x0 too.
    static let zeroBranches: [TernOpID: (TernOpID, symmetric: Bool)] = [
        TernOp_beq: (TernOp_beqz, true), TernOp_bne: (TernOp_bnez, true),
        TernOp_blt: (TernOp_bltz, false), TernOp_bge: (TernOp_bgez, false),
    ]

    /// `rules` by their first op (a few each), and the other tables below,
    /// as dense tables: the pass runs over every translated block.
    private static let rulesByFirst = DenseTable(Dictionary(grouping: rules, by: \.first))
    private static let zeroBranchTable = DenseTable(zeroBranches)
    private static let variantBaseTable = DenseTable(variantBases)
    private static let forwardingTable = DenseTable(forwarding)
    private static let producerTable = DenseTable(producers)

    /// The rule fusing `first` then `second`, if any.
    @inline(__always) private static func rule(_ first: TernOpID, _ second: TernOpID) -> Rule? {
        guard let candidates = rulesByFirst[first] else { return nil }
        for rule in candidates where rule.second == second { return rule }
        return nil
    }

    /// The op a fused or specialised record stands for when it is read on its
    /// own: a pair's first op (the next record keeps the second op, operands and
    /// handler unchanged), or the two-register branch of a zero form (its rs2 is
    /// x0, which reads 0). Nil for ops the pass does not create. A consumer of IR
    /// records that only knows the base ops (for example a native tier) can
    /// compile a fused block record by record through this map.
    static func original(of id: TernOpID) -> TernOpID? { originals[id] }

    private static let originals: [TernOpID: TernOpID] = {
        var first: [TernOpID: TernOpID] = [:]
        for rule in rules { first[rule.fused] = rule.first }
        for (branch, (zero, _)) in zeroBranches { first[zero] = branch }
        for (variant, base) in variantBases { first[variant] = base }
        // A composition's first part may itself be fused: follow it to a base op.
        return first.mapValues { var id = $0; while let f = first[id] { id = f }; return id }
    }()

    /// Rewrites `ops` (a whole block, terminator last, no link record yet).
    static func apply(_ ops: inout [TernOp]) {
        var ids = ops.map { TernOpID(handler: $0.handler) }
        foldConstants(&ops, &ids)
        specialise(&ops, &ids)
        var i = 0
        while i + 1 < ops.count {
            guard let a = ids[i], let b = ids[i + 1],
                  let rule = rule(a, b) else { i += 1; continue }
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
        compose(&ops, &ids)
        forward(&ops, &ids)
    }

    /// The base op of each forwarding variant (a variant of a producer produces too).
    private static let variantBases: [TernOpID: TernOpID] = {
        var bases: [TernOpID: TernOpID] = [:]
        for (base, variants) in forwarding {
            if let v = variants.rs1 { bases[v] = base }
            if let v = variants.rs2 { bases[v] = base }
        }
        return bases
    }()

    /// The forwarded result a handler entered at `op` expects (the fourth argument
    /// of `tern_threaded_enter`): the value of the source register a forwarding
    /// variant reads from it, 0 for other ops. The native tier resumes the
    /// threaded engine in the middle of a block, where a variant may stand.
    static func entryValue(_ op: UnsafePointer<TernOp>, _ h: UnsafeMutablePointer<TernHart>) -> UInt64 {
        guard let id = TernOpID(handler: op.pointee.handler), let base = variantBaseTable[id],
              let variants = forwardingTable[base] else { return 0 }
        return h.x(variants.rs1 == id ? op.pointee.rs1 : op.pointee.rs2)
    }

    /// Result forwarding (TernSpec/Forwarding.swift): an op right after a
    /// producer (an op, or a fused op whose last part is one) that reads the
    /// rd of the producer's last record becomes the variant
    /// taking that source from the forwarded result (rs1 preferred). Only within
    /// the block: a block is entered at its first op, never in the middle, so the
    /// op before a variant always ran just before it.
    private static func forward(_ ops: inout [TernOp], _ ids: inout [TernOpID?]) {
        var i = 0
        while i < ops.count, let a = ids[i] {
            let j = i + a.records
            guard producerTable.contains(variantBaseTable[a] ?? a), j < ops.count, let b = ids[j],
                  let variants = forwardingTable[b] else { i = j; continue }
            let t = ops[j - 1].rd
            if t != 0, t < 32 {
                if ops[j].rs1 == t, let v = variants.rs1 {
                    ops[j].handler = v.handler
                    ids[j] = v
                } else if ops[j].rs2 == t, let v = variants.rs2 {
                    ops[j].handler = v.handler
                    ids[j] = v
                }
            }
            i = j
        }
    }

    /// Compositions (rules whose parts are fused ops, link `.none`): a unit
    /// (an op and the records it spans) and the next one become one
    /// superinstruction, greedily from the front, until none applies. Later
    /// records keep their handlers: a part's records still read as that part.
    private static func compose(_ ops: inout [TernOp], _ ids: inout [TernOpID?]) {
        var changed = true
        while changed {
            changed = false
            var i = 0
            while i < ops.count, let a = ids[i] {
                let j = i + a.records
                guard j < ops.count, let b = ids[j],
                      let rule = rule(a, b), rule.link == .none else {
                    i = j
                    continue
                }
                ops[i].handler = rule.fused.handler
                ids[i] = rule.fused
                changed = true
                i = j + b.records
            }
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
            case let id? where zeroBranchTable[id] != nil:
                let (zero, symmetric) = zeroBranchTable[id]!
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
