import TernCore

/// Guest programs shared by the indirect-jump tests of the dispatcher
/// (PredictionTests) and of native code (NativeIndirectTests).
enum IndirectFixtures {
    /// `calls` indirect calls (`jalr ra, x6`) alternating between f at 0x40
    /// (x7 += 1) and g at 0x48 (x7 += 100), then ecall.
    static func alternatingCalls(_ calls: Int32) -> [UInt32] {
        [
            Enc.addi(8, 0, calls),        // 0x00
            Enc.addi(9, 0, 0),            // 0x04: selector 0 / 8
            Enc.addi(10, 0, 8),           // 0x08
            Enc.lui(6, 0x10),             // 0x0c: loop: x6 = 0x10000
            Enc.addi(6, 6, 0x40),         // 0x10: f
            Enc.add(6, 6, 9),             // 0x14: f or g
            Enc.jalr(1, 6, 0),            // 0x18: indirect call (rs1 not a link register)
            Enc.sub(9, 10, 9),            // 0x1c: toggle
            Enc.addi(8, 8, -1),           // 0x20
            Enc.bne(8, 0, -24),           // 0x24: to loop
            Enc.ecall,                    // 0x28
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(7, 7, 1),            // 0x40: f
            Enc.jalr(0, 1, 0),
            Enc.addi(7, 7, 100),          // 0x48: g
            Enc.jalr(0, 1, 0),
        ]
    }

    /// `swaps` coroutine swaps: B is called with t0 (`jal t0`) and returns with
    /// `jalr ra, t0` (pop the caller's prediction, push its own); x7 += 11 per swap.
    static func coroutineSwaps(_ swaps: Int32) -> [UInt32] {
        [
            Enc.addi(8, 0, swaps),        // 0x00
            Enc.jal(5, 0x14),             // 0x04: call B with t0 (push 0x08)
            Enc.addi(7, 7, 1),            // 0x08: back from B
            Enc.addi(8, 8, -1),           // 0x0c
            Enc.bne(8, 0, -12),           // 0x10: to 0x04
            Enc.ecall,                    // 0x14
            Enc.addi(7, 7, 10),           // 0x18: B
            Enc.jalr(1, 5, 0),            // 0x1c: swap: return to t0, link in ra
        ]
    }

    /// A machine whose return site (0x11000, on its own writable page) is
    /// rewritten from `x7 += 1` to `x7 += 100` after `before` calls of f
    /// (0x10100, x12 += 1), followed by `after` more calls; and the hart to run,
    /// at 0x10000. The program ends with ecall.
    static func rewrittenReturnSite(engine: Engine? = nil, before: Int32, after: Int32) throws -> (Machine, Hart) {
        let m = try Machine()
        if let engine { _ = m.setEngine(engine) }
        try m.memory.map(0x10000, length: 0x1000, protection: [.read, .execute])
        try m.memory.map(0x11000, length: 0x1000, protection: [.read, .write, .execute])
        let newWord = Enc.addi(7, 7, 100)
        let hi = newWord >> 12 + (newWord & 0x800 != 0 ? 1 : 0)
        let lo = Int32(bitPattern: newWord << 20) >> 20
        func put(_ address: UInt64, _ words: [UInt32]) throws {
            let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
            try bytes.withUnsafeBytes { try m.memory.writeInitial(address, $0) }
        }
        try put(0x10000, [
            Enc.addi(8, 0, before),       // the calls before the patch
            Enc.lui(5, 0x11),             // x5 = the return site
            Enc.lui(6, hi), Enc.addiw(6, 6, lo),
            Enc.jal(0, 0xfec),            // 0x10010: to the call at 0x10ffc
            Enc.sw(6, 5, 0),              // 0x10014: patch the return site
            Enc.fenceI,
            Enc.addi(13, 0, 1),
            Enc.addi(8, 0, after),        // the calls after it
            Enc.jal(0, 0xfd8),            // 0x10024: to the call
        ])
        try put(0x10100, [Enc.addi(12, 12, 1), Enc.jalr(0, 1, 0)])   // f
        try put(0x10ffc, [Enc.jal(1, -0xefc)])                          // call f; returns to 0x11000
        try put(0x11000, [
            Enc.addi(7, 7, 1),            // the return site (becomes x7 += 100)
            Enc.addi(8, 8, -1),
            Enc.bne(8, 0, -12),           // call again
            Enc.beq(13, 0, -0xff8),       // 0x1100c: not patched yet: patch
            Enc.ecall,
        ])
        let h = Hart()
        h.pc = 0x10000
        return (m, h)
    }
}
