import TernCore
@testable import TernFuzz
import TernISA
import TernReference
import TernSpec
import Foundation
import XCTest

/// Every decodable instruction has a decoder row, a disassembly, a threaded
/// handler, a reference implementation and a fuzzer entry. Each check runs the
/// instruction itself (one sample encoding per opcode), so a missing op
/// selection or reference case shows up as an illegal-instruction stop.
final class InstructionCoverageTests: XCTestCase {
    static let codeBase: UInt64 = 0x10000, dataBase: UInt64 = 0x20000
    /// Every integer register holds this aligned data address, so any base register works.
    static let pointer: UInt64 = dataBase + 0x800

    /// A sample of `opcode` with in-range operands: branches and jumps go 4 bytes
    /// ahead, memory accesses hit the data page, CSR accesses name fflags.
    static func sample(_ opcode: Opcode) -> UInt32 {
        if isVector(opcode) {
            // Register groups of any LMUL up to 8 and distinct: v8 (vd), v16 (vs1), v24 (vs2);
            // unmasked; x16 holds the data pointer; vsetivli asks for 4 elements of e8/m1.
            var i = Instruction(opcode: opcode, rd: 8, rs1: 16, rs2: 24, rm: 1)
            if opcode == .vsetivli { i.rs1 = 4 }
            if opcode == .vsetvli || opcode == .vsetivli { i.imm = 0 }
            return Encoder.encode(i)
        }
        var i = Instruction(opcode: opcode, rd: 5, rs1: 6, rs2: 7, rs3: 8, imm: 0, rm: 0)
        switch opcode.format {
        case .branch, .jump: i.imm = 4
        case .csr, .csrImm: i.imm = 1
        case .fence: i.imm = 0xff
        case .imm: i.imm = 3
        case .shift64, .shift32: i.imm = 3
        default: break
        }
        return Encoder.encode(i)
    }

    /// The V extension's rows (Zvbb included): the last rows of the table.
    static func isVector(_ opcode: Opcode) -> Bool { opcode.rawValue >= Opcode.vsetvli.rawValue }

    /// A vtype each vector sample is legal under (LMUL 1): SEW = the data EEW of
    /// unit-stride and strided accesses (EMUL 1, so 8 segment fields fit), e64
    /// for the extensions (vzext.vf8 needs SEW/8 ≥ 8), e32 for floating point (legal
    /// for every FP row: binary32, or binary32 widened to binary64), e8 otherwise.
    static func vtype(for opcode: Opcode) -> UInt64 {
        let row = vectorInstructions[Int(opcode.rawValue - Opcode.vsetvli.rawValue)]
        if row.float != nil { return 0x10 }
        switch row.kind {
        case .memory(let m) where m.mode != .indexedOrdered && m.mode != .indexedUnordered:
            return UInt64(m.eew.trailingZeroBitCount - 3) << 3
        case .extend: return 0x18
        default: return 0
        }
    }

    /// Opcodes a user-mode guest may not execute (illegal on both executors).
    static let privileged: Set<Opcode> = Set(allInstructions.filter { [.privileged, .machineModeOnly].contains($0.selection) }
        .compactMap { row in Opcode.allCases.first { $0.mnemonic == row.mnemonic } })

    func testTableMatchesTheDescription() {
        XCTAssertEqual(Opcode.allCases.map(\.mnemonic), allInstructions.map(\.mnemonic))
        for (opcode, row) in zip(Opcode.allCases, allInstructions) {
            XCTAssertEqual(String(describing: opcode.format), row.format, row.mnemonic)
            XCTAssertEqual(String(describing: opcode.extension), String(row.ext.split(separator: "+")[0]), row.mnemonic)
            XCTAssertEqual(opcode.requiredExtensions, ExtensionSet(row.ext.split(separator: "+").map { Extension(rawValue: String($0))! }),
                           row.mnemonic)
        }
    }

    func testEveryInstructionDecodesAndDisassembles() {
        for opcode in Opcode.allCases {
            let word = Self.sample(opcode)
            guard let insn = Decoder.decode(word) else { XCTFail("\(opcode.mnemonic) does not decode"); continue }
            XCTAssertEqual(insn.opcode, opcode)
            let canonical = Disassembler.text(insn, pc: Self.codeBase, aliases: false)
            XCTAssertFalse(canonical.contains("unknown"), canonical)
            XCTAssertTrue(canonical.hasPrefix(opcode.mnemonic) || canonical == "fence.tso" || canonical == "unimp",
                          "\(opcode.mnemonic) disassembles as \(canonical)")
            XCTAssertFalse(Disassembler.text(insn, pc: Self.codeBase).isEmpty)
        }
    }

    func testEveryInstructionHasAThreadedHandler() throws {
        for opcode in Opcode.allCases {
            let machine = try Machine()
            try machine.memory.map(Self.codeBase, length: 0x1000, protection: [.read, .execute])
            try machine.memory.map(Self.dataBase, length: 0x1000, protection: [.read, .write])
            let code = [Self.sample(opcode), 0x13, 0x73].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
            try code.withUnsafeBytes { try machine.memory.writeInitial(Self.codeBase, $0) }
            let hart = Hart()
            hart.pc = Self.codeBase
            for r in 1..<32 { hart[x: r] = Self.pointer }
            if Self.isVector(opcode) {
                hart.state.pointee.vtype = Self.vtype(for: opcode)
                hart.state.pointee.vl = 4
            }
            let stop = machine.run(hart, maxInstructions: 10)
            if Self.privileged.contains(opcode) {
                XCTAssertEqual(stop, .illegalInstruction(bits: Self.sample(opcode)), opcode.mnemonic)
            } else if case .illegalInstruction = stop {
                XCTFail("\(opcode.mnemonic): the threaded engine has no handler (illegal instruction)")
            }
        }
    }

    /// The reference interpreter does not implement V yet (issue 11: its decoder has
    /// no V table and no vector drivers); vector programs are checked against qemu
    /// by the fuzzer and the e2e samples instead.
    func testEveryInstructionHasAReferenceImplementation() {
        for opcode in Opcode.allCases where !Self.isVector(opcode) {
            let memory = ReferenceMemory()
            var code = [UInt8](repeating: 0, count: Int(ReferenceMemory.pageSize))
            for (k, w) in [Self.sample(opcode), 0x13, 0x73].enumerated() {
                for b in 0..<4 { code[k * 4 + b] = UInt8(truncatingIfNeeded: w >> (8 * b)) }
            }
            code.withUnsafeBytes { memory.mapPage(Self.codeBase / ReferenceMemory.pageSize, access: [.read, .execute], contents: $0.baseAddress) }
            memory.mapPage(Self.dataBase / ReferenceMemory.pageSize, access: [.read, .write], contents: nil)
            let cpu = ReferenceInterpreter(memory: memory)
            cpu.pc = Self.codeBase
            for r in 1..<32 { cpu.x[r] = Self.pointer }
            let stop = cpu.step()
            // The reference decodes with its own tables: the same word must be the same instruction there.
            XCTAssertEqual(cpu.lastInstruction?.opcode.mnemonic, opcode.mnemonic,
                           "\(opcode.mnemonic): the reference decoder reads 0x\(String(Self.sample(opcode), radix: 16)) differently")
            if Self.privileged.contains(opcode) {
                XCTAssertEqual(stop, .illegalInstruction(bits: Self.sample(opcode)), opcode.mnemonic)
            } else if case .illegalInstruction? = stop {
                XCTFail("\(opcode.mnemonic): the reference interpreter does not implement it")
            }
        }
    }

    func testEveryInstructionHasAFuzzerEntry() {
        var listed = Set<Opcode>()
        for ops in FuzzClass.generatedOps.values { listed.formUnion(ops) }
        for opcode in Opcode.allCases {
            XCTAssertTrue(listed.contains(opcode) || FuzzClass.exemptOps[opcode] != nil,
                          "\(opcode.mnemonic) has no fuzzer class")
        }
        // And the generator really emits every listed opcode.
        var seen = Set<Opcode>()
        for seed in 0..<400 as Range<UInt64> {
            for unit in Generator.sequence(seed: seed, length: 100).units {
                for item in unit.items {
                    switch item {
                    case .word(let w, _): if let i = Decoder.decode(w) { seen.insert(i.opcode) }
                    case .link(.branch(let o, _, _), _): seen.insert(o)
                    case .link(.jal, _): seen.insert(.jal)
                    case .link(.jalr, _): seen.insert(.jalr)
                    default: break
                    }
                }
            }
        }
        XCTAssertEqual(listed.subtracting(seen).map(\.mnemonic).sorted(), [])
    }
}
