import XCTest
import CoreGlue
import TernISA
@testable import TernCore

/// The dense tables the translator reads agree with the declarative tables
/// they are built from, for every key (present or not).
final class DenseTableTests: XCTestCase {
    func testOpcodeTablesMatchTheirSources() {
        for opcode in Opcode.allCases {
            let straight = OpSelectionTables.straightLine[opcode], model = straightLineOps[opcode]
            XCTAssertEqual(straight?.0, model?.0, "\(opcode)")
            XCTAssertEqual(straight?.1, model?.1, "\(opcode)")
            XCTAssertEqual(OpSelectionTables.csr[opcode]?.0, csrOps[opcode]?.0, "\(opcode)")
            XCTAssertEqual(OpSelectionTables.csr[opcode]?.1, csrOps[opcode]?.1, "\(opcode)")
            XCTAssertEqual(OpSelectionTables.branch[opcode], branchOps[opcode], "\(opcode)")
            XCTAssertEqual(OpSelectionTables.privileged.contains(opcode), privilegedOpcodes.contains(opcode), "\(opcode)")
            XCTAssertEqual(OpSelectionTables.machineModeOnly.contains(opcode), machineModeOnlyOpcodes.contains(opcode))
            XCTAssertEqual(OpSelectionTables.cacheBlock.contains(opcode),
                           SystemInstructionPolicy.cacheBlockOpcodes.contains(opcode), "\(opcode)")
        }
    }

    func testOpIDTablesMatchTheirSources() {
        let zero = DenseTable(Fusion.zeroBranches), producers = DenseTable(Fusion.producers)
        for raw in 0..<UInt16(TernOpCount.rawValue) {
            let id = TernOpID(rawValue: raw)
            XCTAssertEqual(zero[id]?.0, Fusion.zeroBranches[id]?.0, id.name)
            XCTAssertEqual(zero[id]?.symmetric, Fusion.zeroBranches[id]?.symmetric, id.name)
            XCTAssertEqual(producers.contains(id), Fusion.producers.contains(id), id.name)
        }
    }

    func testMissingAndOutOfRangeKeysAreNil() {
        let table = DenseTable([5: "five", 2: "two"]) { $0 }
        XCTAssertEqual(table[5], "five")
        XCTAssertEqual(table[2], "two")
        for i in [-1, 0, 1, 3, 4, 6, 1000] { XCTAssertNil(table[i], "\(i)") }
        XCTAssertNil(DenseTable([Int: Int]()) { $0 }[0])
    }
}
