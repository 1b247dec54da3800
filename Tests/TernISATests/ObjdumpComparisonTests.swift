import Foundation
import XCTest
@testable import TernISA
import TernTestSupport

/// Compares decoder + disassembler with GNU objdump when the RISC-V binutils are installed.
/// These tests fail on any mismatch, and when the tools are absent.
final class ObjdumpComparisonTests: XCTestCase {
    /// Assembles the all-instructions fixture (every RV64GC instruction and alias) and compares every line.
    func testFixtureMatchesObjdump() throws {
        let tools = try ObjdumpOracle.requireTools(["as", "objcopy", "objdump"])
        let dir = try ObjdumpOracle.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = dir.appendingPathComponent("allinsns.s")
        try AllInstructionsFixture.source.write(to: fixture, atomically: true, encoding: .utf8)
        let obj = dir.appendingPathComponent("all.o"), bin = dir.appendingPathComponent("all.bin")
        try ObjdumpOracle.run(tools[0], ["-march=rv64gc", fixture.path, "-o", obj.path])
        try ObjdumpOracle.run(tools[1], ["-O", "binary", "-j", ".text", obj.path, bin.path])
        for aliases in [true, false] {
            let lines = try ObjdumpOracle.disassemble(binary: bin, aliases: aliases, objdump: tools[2])
            XCTAssertGreaterThan(lines.count, 300, "fixture should cover every instruction")
            let problems = ObjdumpOracle.compare(lines, aliases: aliases)
            XCTAssert(problems.isEmpty, "aliases=\(aliases):\n" + problems.joined(separator: "\n"))
        }
    }

    /// Random operand fields for every table row, plus every 16-bit compressed encoding
    /// (except 0x0000 and c.addi16sp with imm 0, which Tern rejects as reserved while
    /// objdump prints `unimp` / `addi sp,sp,0`).
    func testRandomEncodingsMatchObjdump() throws {
        let tools = try ObjdumpOracle.requireTools(["objdump"])
        var rng = SplitMix64(seed: 0x7e2a_15a1)
        var units: [UInt32] = []
        for spec in instructionTable {
            for _ in 0..<200 {
                let r = rng.next()
                var free = UInt32(truncatingIfNeeded: r)
                // Bias towards the operand values that select aliases (x0, ra, imm 0/1/-1, rs1 == rs2).
                let tweaks = r >> 32
                if tweaks & 0x01 != 0 { free &= ~(31 << 7) }
                if tweaks & 0x02 != 0 { free &= ~(31 << 15) }
                if tweaks & 0x04 != 0 { free &= ~(31 << 20) }
                if tweaks & 0x08 != 0 { free = free & ~(31 << 15) | 1 << 15 }
                if tweaks & 0x10 != 0 { free = free & ~(31 << 7) | 1 << 7 }
                if tweaks & 0x20 != 0 { free = free & 0xfffff | (tweaks & 0x40 != 0 ? 0xfff0_0000 : 0x0010_0000) }
                if tweaks & 0x180 == 0x180 { free = free & ~(31 << 20) | ((free >> 15) & 31) << 20 }
                if tweaks & 0xe00 == 0 { free &= 0xfffff }
                let w = spec.match | (free & ~spec.mask)
                if RandomWordFilter.objdumpDiffersByDesign(w, spec.opcode) { continue }
                units.append(w)
            }
        }
        for h in 1..<UInt32(0x10000) where h & 3 != 3 && h != 0x6101 { units.append(h) }
        let dir = try ObjdumpOracle.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("rand.bin")
        try ObjdumpOracle.writeBinary(units, to: bin)
        for aliases in [true, false] {
            let lines = try ObjdumpOracle.disassemble(binary: bin, aliases: aliases, objdump: tools[0])
            XCTAssertEqual(lines.count, units.count)
            let problems = ObjdumpOracle.compare(lines, aliases: aliases)
            XCTAssert(problems.isEmpty, "aliases=\(aliases):\n" + problems.joined(separator: "\n"))
        }
    }
}

/// Encodings where Tern deliberately differs from objdump (documented decode policy).
enum RandomWordFilter {
    static func objdumpDiffersByDesign(_ w: UInt32, _ op: Opcode) -> Bool {
        switch op {
        case .fence:    // reserved fm/rd/rs1 are ignored by Tern (spec: treat as a normal fence)
            let fm = w >> 28
            return (w >> 7) & 31 != 0 || (w >> 15) & 31 != 0 || !(fm == 0 || w >> 20 == 0x833)
        case .fenceI:   // reserved imm/rs1/rd are ignored by Tern (spec: "shall ignore")
            return w != 0x0000_100f
        case .fcvtDS, .fcvtDW, .fcvtDWu:   // exact conversions: objdump only accepts rm = 0
            return (w >> 12) & 7 != 0
        default:
            return false
        }
    }
}
