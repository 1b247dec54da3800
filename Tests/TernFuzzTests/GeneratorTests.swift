import XCTest
import TernISA
@testable import TernFuzz

/// The generator: deterministic by seed, covers every class and opcode, emits only
/// valid, decodable, safe instructions.
final class GeneratorTests: XCTestCase {
    func testSameSeedSameSequenceAndDifferentSeedsDiffer() {
        let a = Generator.sequence(seed: 42, length: 100), b = Generator.sequence(seed: 42, length: 100)
        XCTAssertTrue(a == b, "same seed, same sequence")
        XCTAssertNotEqual(a.units, Generator.sequence(seed: 43, length: 100).units)
        XCTAssertNotEqual(a.initial, Generator.sequence(seed: 43, length: 100).initial)
        XCTAssertEqual(a.units.count, 100)
    }

    func testXoshiroStreamIsFixed() {
        // Reference values of xoshiro256** seeded through splitmix64 with 0.
        var r = Xoshiro(seed: 0)
        XCTAssertEqual(r.next(), 0x99ec_5f36_cb75_f2b4)
        XCTAssertEqual(r.next(), 0xbf6e_1f78_4956_452a)
        XCTAssertEqual(r.next(), 0x1a5f_849d_4933_e6e0)
    }

    func testEveryClassAndEveryUserOpcodeAppears() throws {
        var classes = Set<FuzzClass>(), opcodes = Set<Opcode>(), compressed = Set<String>(), nops = 0
        // 400 sequences: with the vector FP rows (643 vector rows in all) 300 left c.lbu out.
        for seed in UInt64(0)..<400 {
            let seq = Generator.sequence(seed: seed, length: 100)
            classes.formUnion(seq.units.map(\.fuzzClass))
            for p in try seq.layout() {
                let insn = try XCTUnwrap(Decoder.decode(p.bits))
                opcodes.insert(insn.opcode)
                if p.bits == 0x0001 { nops += 1 }   // c.nop (shown as c.addi without aliases)
                if insn.isCompressed {
                    compressed.insert(String(Disassembler.text(insn, pc: 0, aliases: false).prefix { $0 != "\t" }))
                }
            }
        }
        XCTAssertEqual(classes, Set(FuzzClass.allCases))
        // Everything except what user-mode Linux programs cannot run without trapping.
        let excluded: Set<Opcode> = [.ecall, .ebreak, .mret, .sret, .wfi, .sfenceVma, .cboInval, .cboClean, .cboFlush]
        XCTAssertEqual(Set(Opcode.allCases).subtracting(excluded).subtracting(opcodes).map(\.mnemonic).sorted(), [], "never generated")
        XCTAssertEqual(opcodes.intersection(excluded).map(\.mnemonic).sorted(), [], "generated although excluded")
        XCTAssertGreaterThan(nops, 0)
        // Every RV64 compressed form except c.ebreak and c.addi16sp (it writes sp), the Zcb
        // forms, and c.mop.n (eight fixed halfwords: some of them).
        let expected: Set<String> = [
            "c.addi4spn", "c.fld", "c.lw", "c.ld", "c.fsd", "c.sw", "c.sd",
            "c.addi", "c.addiw", "c.li", "c.lui", "c.srli", "c.srai", "c.andi",
            "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw", "c.j", "c.beqz", "c.bnez",
            "c.slli", "c.slli64", "c.srli64", "c.srai64", "c.fldsp", "c.lwsp", "c.ldsp", "c.jr", "c.mv", "c.jalr", "c.add",
            "c.fsdsp", "c.swsp", "c.sdsp",
            "c.lbu", "c.lhu", "c.lh", "c.sb", "c.sh", "c.mul", "c.zext.b", "c.sext.b", "c.zext.h", "c.sext.h",
            "c.zext.w", "c.not",
        ]
        XCTAssertEqual(expected.subtracting(compressed), [])
        XCTAssertEqual(compressed.subtracting(expected).filter { !$0.hasPrefix("c.mop.") }, [])
        XCTAssertFalse(compressed.subtracting(expected).isEmpty)
    }

    func testEveryRoundingModeAndOrderingBitAppears() throws {
        var rms = Set<UInt8>(), orderings = Set<UInt8>()
        for seed in UInt64(0)..<100 {
            for p in try Generator.sequence(seed: seed, length: 100).layout() {
                let insn = try XCTUnwrap(Decoder.decode(p.bits))
                switch insn.opcode.format {
                case .fpR, .fpR1, .fpR4, .fpToX, .xToFP: rms.insert(insn.rm)
                case .amo, .lr: orderings.insert(insn.rm)
                default: break
                }
            }
        }
        XCTAssertEqual(rms, [0, 1, 2, 3, 4, 7])
        XCTAssertEqual(orderings, [0, 1, 2, 3])
    }

    /// No instruction writes sp/s0; every memory access stays inside the scratch buffer
    /// (sp = buffer, s0 = buffer + 256, or a register set from them in the same unit).
    func testGeneratedCodeIsSafe() throws {
        for seed in UInt64(1000)..<1200 {
            let seq = Generator.sequence(seed: seed, length: 100)
            for (ui, unit) in seq.units.enumerated() {
                let one = FuzzSequence(seed: seed, initial: seq.initial, units: [unit])
                var known: [UInt8: Int64] = [2: 0, 8: 256]   // register -> buffer offset it holds
                var loopCounterWritten = false
                for p in try one.layout() {
                    let i = try XCTUnwrap(Decoder.decode(p.bits), "seed \(seed) unit \(ui)")
                    let width = Self.accessWidth(i.opcode)
                    if unit.fuzzClass == .selfModify, i.opcode == .sw {
                        // The one store outside the buffer: over the unit's own last word, 20 bytes
                        // after the auipc that set its base, behind a fence.i.
                        let first = try XCTUnwrap(Decoder.decode(try one.layout()[0].bits))
                        XCTAssertEqual(first.opcode, .auipc); XCTAssertEqual(first.imm, 0)
                        XCTAssertEqual(i.rs1, first.rd); XCTAssertEqual(i.imm, 20)
                        XCTAssertEqual(try one.layout().map(\.offset), [0, 4, 8, 12, 16, 20])
                        XCTAssertEqual(Decoder.decode(try one.layout()[4].bits)?.opcode, .fenceI)
                    } else if width > 0 {
                        let base = try XCTUnwrap(known[i.rs1], "seed \(seed) unit \(ui): base \(i.rs1)")
                        let at = base + (i.opcode.format == .amo || i.opcode.format == .lr ? 0 : i.imm)
                        XCTAssertTrue(at >= 0 && at + Int64(width) <= 512, "seed \(seed) unit \(ui) access at \(at)")
                        if i.opcode.format == .amo || i.opcode.format == .lr { XCTAssertEqual(at % Int64(width), 0) }
                    }
                    if Generator.writesX(i) {
                        XCTAssertFalse(i.rd == 2 || i.rd == 8, "seed \(seed) unit \(ui) writes x\(i.rd)")
                        if i.opcode == .addi, let b = known[i.rs1], i.rd != 0 { known[i.rd] = b + i.imm } else { known[i.rd] = nil }
                    }
                    if [.jal, .beq, .bne, .blt, .bge, .bltu, .bgeu].contains(i.opcode) {
                        if unit.fuzzClass == .loop {
                            // Only the last item, the back edge on the loop counter set by the first item.
                            XCTAssertEqual(p.item, unit.items.count - 1, "seed \(seed) unit \(ui)")
                            let first = try XCTUnwrap(Decoder.decode(try one.layout()[0].bits))
                            XCTAssertEqual(first.opcode, .addi); XCTAssertEqual(first.rs1, 0)
                            XCTAssertTrue((2...5).contains(first.imm))
                            XCTAssertEqual(i.opcode, .bne); XCTAssertEqual(i.rs1, first.rd); XCTAssertEqual(i.rs2, 0)
                            XCTAssertEqual(Int64(p.offset) + i.imm, 4, "back edge goes to the body start")
                            XCTAssertFalse(loopCounterWritten, "seed \(seed) unit \(ui): body writes the counter")
                        } else {
                            XCTAssertGreaterThan(i.imm, 0, "seed \(seed) unit \(ui): branches go forward")
                        }
                    }
                    if unit.fuzzClass == .loop, p.item > 0, p.item < unit.items.count - 2, Generator.writesX(i),
                       i.rd == (try Decoder.decode(try one.layout()[0].bits))?.rd {
                        loopCounterWritten = true
                    }
                }
            }
        }
    }

    static func accessWidth(_ op: Opcode) -> Int {
        switch op {
        case .lb, .lbu, .sb: return 1
        case .lh, .lhu, .sh: return 2
        case .lw, .lwu, .sw, .flw, .fsw, .lrW, .scW: return 4
        case .ld, .sd, .fld, .fsd, .lrD, .scD: return 8
        default: return op.format == .amo ? (op.mnemonic.hasSuffix(".w") ? 4 : 8) : 0
        }
    }

    func testStartStateKeepsReservedSlotsZeroAndFrmValid() {
        for seed in UInt64(0)..<200 {
            let s = Generator.sequence(seed: seed, length: 0).initial
            XCTAssertEqual([s.x[0], s.x[2], s.x[8]], [0, 0, 0])
            XCTAssertLessThanOrEqual(s.fcsr >> 5, 4)
            XCTAssertEqual(s.buffer.count, 512)
            XCTAssertEqual(s.f.count, 32)
        }
    }
}

/// Seeds replay across processes and hosts (no hash-order or host randomness leaks in).
final class GeneratorStabilityTests: XCTestCase {
    func testSeedOneGivesTheRecordedWords() throws {
        let seq = Generator.sequence(seed: 1, length: 40)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a over words, start state and buffer
        func mix(_ v: UInt64) { h = (h ^ v) &* 0x100_0000_01b3 }
        for p in try seq.layout() { mix(UInt64(p.bits)) }
        seq.initial.x.forEach(mix); seq.initial.f.forEach(mix); mix(seq.initial.fcsr)
        seq.initial.buffer.forEach { mix(UInt64($0)) }
        seq.initial.v.forEach { mix(UInt64($0)) }; seq.initial.vectorCSRs.forEach(mix)
        mix(seq.bufferNearCode ? 1 : 0)
        XCTAssertEqual(String(h, radix: 16), "72f4f6f5ddf14186", "the generator changed: seeds no longer replay earlier reports")
    }
}

/// Sequences for a narrower CPU model hold only its instructions (loop bodies too).
final class GeneratorModelTests: XCTestCase {
    func testEveryModelGeneratesOnlyItsInstructions() throws {
        for model in ["rv64gc", "rva22u64", "rva23u64", "rva23u64,zfh=true"] {
            let extensions = try CPUConfiguration.parse(model).extensions
            for seed in UInt64(1)...150 {
                let seq = Generator.sequence(seed: seed, length: 120, extensions: extensions)
                for p in try seq.layout() {
                    guard let insn = Decoder.decode(p.bits, extensions: Extension.implemented) else { continue }
                    XCTAssertNotNil(Decoder.decode(p.bits, extensions: extensions),
                                    "\(model), seed \(seed): \(insn.opcode.mnemonic) is outside the model")
                }
            }
        }
    }
}

/// `--vector-families`: vector units draw only the named families (their set-up aside).
final class GeneratorVectorFamilyTests: XCTestCase {
    func testVectorUnitsKeepToTheFamilies() throws {
        let extensions = try CPUConfiguration.parse("rva23u64").extensions
        let families: Set<String> = ["vmseq", "vmand", "vcpop"]
        var seen = Set<String>()
        let vectorOps = Set(Generator.ops(.vector))
        for seed in UInt64(1)...40 {
            let seq = Generator.sequence(seed: seed, length: 100, extensions: extensions, only: [.vector],
                                         vectorFamilies: families)
            for unit in seq.units where unit.fuzzClass == .vector {
                for case .word(let bits, _) in unit.items {
                    guard let insn = Decoder.decode(bits), vectorOps.contains(insn.opcode),
                          insn.opcode != .vsetvli, insn.opcode != .vsetivli else { continue }
                    let family = Generator.vectorFamily(insn.opcode)
                    XCTAssertTrue(families.contains(family), "seed \(seed): \(insn.opcode.mnemonic)")
                    seen.insert(family)
                }
            }
        }
        XCTAssertEqual(seen, families)
        XCTAssertTrue(Generator.nativeVectorFamilies.isSubset(of: Generator.allVectorFamilies))
        XCTAssertTrue(Generator.nativeVectorFamilies.contains("vmsltu"))
    }
}
