import TernSpec

/// Consistency checks of the description, run before anything is generated.
public enum SpecValidation {
    /// Every inconsistency found (empty when the description is sound).
    public static func problems() -> [String] {
        var out: [String] = []
        let rows = allInstructions
        var mnemonics = Set<String>(), cases = Set<String>()
        let ops = SpecGenerator.declaredOps
        var opNames = Set<String>()
        for (name, _) in ops where !opNames.insert(name).inserted { out.append("op \(name) declared twice") }
        for (row, _) in SpecGenerator.pairOps where !opNames.insert(row.fused).inserted {
            out.append("pair op \(row.fused) declared twice")
        }
        for row in rows {
            if !mnemonics.insert(row.mnemonic).inserted { out.append("\(row.mnemonic): mnemonic listed twice") }
            if !cases.insert(row.caseName).inserted { out.append("\(row.mnemonic): case name \(row.caseName) twice") }
            guard let (mask, match) = row.maskAndMatch else { out.append("\(row.mnemonic): bad pattern"); continue }
            if mask & 0x7f != 0x7f || match & 3 != 3 { out.append("\(row.mnemonic): pattern must fix a 32-bit major opcode") }
            switch row.selection {
            case .pure, .effect, .other, .branch, .csr, .machineModeOnly:
                if let op = row.op {
                    if !opNames.contains(op) { out.append("\(row.mnemonic): op \(op) is not declared") }
                } else { out.append("\(row.mnemonic): selection \(row.selection) needs an op") }
            case .special, .privileged:
                if row.op != nil { out.append("\(row.mnemonic): selection \(row.selection) takes no op") }
            }
        }
        // No word may match two rows: the decoder's order must not matter.
        for (i, a) in rows.enumerated() {
            guard let (ma, ca) = a.maskAndMatch else { continue }
            for b in rows[(i + 1)...] {
                guard let (mb, cb) = b.maskAndMatch else { continue }
                if (ca ^ cb) & ma & mb == 0 { out.append("\(a.mnemonic) and \(b.mnemonic) match the same words") }
            }
        }
        for pair in allPairs {
            for op in [pair.first, pair.second] where !opNames.contains(op) {
                out.append("pair \(pair.fused): op \(op) is not declared")
            }
            if pair.body == .existing, !opNames.contains(pair.fused) {
                out.append("pair rule selects \(pair.fused), which no row declares")
            }
            if pair.body == .custom, pair.link == .none {
                out.append("pair \(pair.fused): a custom body is for linked pairs")
            }
            if SpecGenerator.isTerminator(pair.first) {
                out.append("pair \(pair.fused): its first op \(pair.first) ends the block")
            }
            let parts = SpecGenerator.records(of: pair.first) + SpecGenerator.records(of: pair.second)
            if parts > 2, pair.link != .none || pair.body != .generated {
                out.append("composition \(pair.fused): link .none and a generated body only")
            }
            if parts > 4 { out.append("composition \(pair.fused) spans \(parts) records (at most 4)") }
        }
        out += SpecGenerator.linkedProblems()
        for form in nativeForms where !opNames.contains(form.op) {
            out.append("native form for undeclared op \(form.op)")
        }
        return out
    }
}
