/// Result forwarding between adjacent ops of the threaded engine ("last result in
/// a register"): every handler receives the previous op's integer result in a
/// host register (`acc`, the tail call's fourth argument). A producer passes
/// `x[rd]` on after its body; an op whose source register is the previous op's
/// rd runs as a forwarding variant (`<op>_a1`: rs1 is the previous result,
/// `<op>_a2`: rs2 is), which takes that source from the register instead of
/// reloading the value just stored (the store-to-load forwarding that put each
/// dependent op's register read on the critical path). The variants run the base
/// op's unchanged body (ThreadedGlue.h); the translator chooses them
/// (Translator/Fusion.swift). Derived from the instruction rows' formats, so a
/// new row of one of these shapes gets its variants without a line here.

/// Which source register of a forwarding variant the previous result replaces.
public enum ForwardedSource: String, Sendable {
    /// rs1 (`<op>_a1`).
    case rs1 = "a1"
    /// rs2 (`<op>_a2`).
    case rs2 = "a2"
}

/// Instruction formats whose op writes an integer rd as its only register
/// result (the pure ALU shapes and the integer loads): their ops are producers.
public let producerFormats: Set<String> = ["reg", "imm", "shift64", "shift32", "unary", "load"]

/// Integer source registers each instruction format reads (the forwarding
/// variants an op of that format gets).
public let forwardedSources: [String: [ForwardedSource]] = [
    "reg": [.rs1, .rs2], "imm": [.rs1], "shift64": [.rs1], "shift32": [.rs1], "unary": [.rs1],
    "load": [.rs1], "store": [.rs1, .rs2], "branch": [.rs1, .rs2], "fpLoad": [.rs1], "fpStore": [.rs1],
]

/// The translator's specialised ops (no instruction row of their own): `li` and
/// `mv` write rd, `mv` and the branches against x0 read rs1.
public let specialisedForwarding: [(op: String, producer: Bool, sources: [ForwardedSource])] = [
    ("li", true, []), ("mv", true, [.rs1]),
    ("beqz", false, [.rs1]), ("bnez", false, [.rs1]), ("bltz", false, [.rs1]), ("bgez", false, [.rs1]),
]

/// One op's forwarding: whether it passes its result on, and its variants.
public struct ForwardingRow: Sendable {
    public let op: String
    public let producer: Bool
    public let sources: [ForwardedSource]
    /// The variant op reading `source` from the previous result.
    public func variant(_ source: ForwardedSource) -> String { "\(op)_\(source.rawValue)" }
}

/// Every op with forwarding, in instruction-row order then the specialised ops.
/// Only rows whose op is selected straight from the row (`pure`, `effect`,
/// `other`, `branch`): the translator emits exactly that op for them.
public let forwardingRows: [ForwardingRow] = {
    var seen = Set<String>()
    var out: [ForwardingRow] = []
    for row in allInstructions {
        guard let op = row.op, !seen.contains(op) else { continue }
        switch row.selection {
        case .pure, .effect, .other, .branch: break
        default: continue
        }
        let producer = producerFormats.contains(row.format) && (row.selection == .pure || row.format == "load")
        let sources = forwardedSources[row.format] ?? []
        guard producer || !sources.isEmpty else { continue }
        seen.insert(op)
        out.append(ForwardingRow(op: op, producer: producer, sources: sources))
    }
    for s in specialisedForwarding where !seen.contains(s.op) {
        out.append(ForwardingRow(op: s.op, producer: s.producer, sources: s.sources))
    }
    return out
}()
