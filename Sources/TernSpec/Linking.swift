/// Linked compositions: result forwarding between the parts of a fused op.
/// A pair or composition runs its records' bodies one after another, and a
/// record reading a register that an earlier record of the same fused op just
/// wrote reloads it from the register file (a store-to-load round trip on the
/// critical path: the cost the profiles of fsm and sha256 show). A linked
/// variant of a fused op declares such dependences as edges; its stub
/// (generated C, `LinkedGlue.inc`) runs the same record bodies in the same order
/// and, before a record with an edge, stores the value the edge names into that
/// record's source register. The store changes nothing in the hart (the
/// translator only chooses a variant whose edges hold, so the register already
/// holds that value), but the compiler forwards it to the body's read, so the
/// value stays in a host register. An edge may also name the previous op's
/// forwarded result (`acc`, TernSpec/Forwarding.swift). Semantics, faults and
/// counters are the base op's; the native tier compiles a variant as its base.

/// One dependence inside a fused op: record `record` (0-based within the fused
/// op) reads `source` from the result of record `from`, or from the previous
/// op's forwarded result when `from` is nil.
public struct LinkEdge: Sendable, Hashable {
    public let record: Int
    public let source: ForwardedSource
    public let from: Int?

    /// Parses the spelling used in `linkedRows` and op names: record, `a` (rs1)
    /// or `b` (rs2), then the record it reads from or `x` (the previous result):
    /// `"2b0"` is record 2's rs2 from record 0, `"0ax"` record 0's rs1 from acc.
    public init(_ spelling: String) {
        let c = Array(spelling)
        precondition(c.count == 3 && (c[1] == "a" || c[1] == "b"), "link edge \(spelling)")
        record = Int(String(c[0]))!
        source = c[1] == "a" ? .rs1 : .rs2
        from = c[2] == "x" ? nil : Int(String(c[2]))!
    }

    /// The edge's spelling (see `init`).
    public var spelling: String { "\(record)\(source == .rs1 ? "a" : "b")\(from.map(String.init) ?? "x")" }
}

/// A linked variant: fused op `base` with forwarding edges between its records.
public struct LinkedRow: Sendable {
    public let base: String
    public let edges: [LinkEdge]
    public init(_ base: String, _ edges: String) {
        self.base = base
        self.edges = edges.split(separator: " ").map { LinkEdge(String($0)) }
    }

    /// The variant's op name: the base, `_l`, then the edges' spellings.
    public var op: String { base + "_l" + edges.map(\.spelling).joined(separator: "_") }
}

/// The linked variants, from the dependences of the hottest compositions of
/// the kernels above 4x qemu (the translator picks, for each fused op, the
/// variant with the most edges that all hold; any subset of the real
/// dependences is correct).
public let linkedRows: [LinkedRow] = [
    // fsm's inner loop (one block: four compositions and the branch).
    LinkedRow("lbu_mv_add_add", "3b0"),
    LinkedRow("lbu_addi_add_lbu", "0ax 2b0 3a2"),
    LinkedRow("slli_addi_add_ld", "0ax 1a0 2a1 3a2"),
    LinkedRow("sub_sltu_add_sd", "1b0 2a1 2bx 3b2"),
    // fsm, clang builds.
    LinkedRow("add_lbu", "0ax 1a0"), LinkedRow("slli_add", "0ax 1a0"), LinkedRow("addi_sd", "1bx"),
    // sha256's rounds (gcc build).
    LinkedRow("srliw_srliw_srliw_or", "3a1"),
    LinkedRow("slliw_or_or_xori", "2a0"),
    LinkedRow("xor_and_xor", "2a0"),
    LinkedRow("xor_addw", "1ax"),
    LinkedRow("xor_xor_addw_addw", "2a0 2b1 3ax"),
    LinkedRow("or_or", "0bx"), LinkedRow("or_or", "0bx 1a0"),
    LinkedRow("srliw_xor_xor", "2ax"), LinkedRow("srliw_xor_xor", "1ax 2b0"),
    LinkedRow("srliw_xor_xor", "2bx"), LinkedRow("srliw_xor_xor", "1bx 2a0"),
    LinkedRow("addw_addw", "0ax 1a0"),
    LinkedRow("addw_addiw", "0ax"),
    LinkedRow("slliw_or", "1ax 1b0"),
    LinkedRow("sw_addi", "0bx"),
    // sha256, clang builds (rv64gc and bitmanip).
    LinkedRow("slli_or", "1a0"),
    LinkedRow("xor_xor", "0ax"),
    LinkedRow("add_add", "1ax"), LinkedRow("add_add", "0ax 1bx"), LinkedRow("add_add", "1a0 1bx"),
    LinkedRow("add_add", "1bx"), LinkedRow("add_add", "1a0"),
    LinkedRow("xor_srli", "0bx"),
    // imatmul's inner loop.
    LinkedRow("addi_addw_sw_bne", "1ax 2b1"),
    LinkedRow("lw_lw_addi_mulw", "3a0"), LinkedRow("lw_lw_addi_mulw", "1ax 2ax 3a0"),
    // memops (word loops, shift-merge).
    LinkedRow("ld_addi_add_xori", "0ax 1ax 2a0 3a0"),
    LinkedRow("and_and_beqz", "0bx 1a0 2a1"),
    LinkedRow("srl_sll_or", "2a1 2b0"), LinkedRow("srl_sll_or", "2a0 2b1"),
    LinkedRow("ld_sd", "1bx"),
    LinkedRow("ld_ld_beq", "1ax"),
]
