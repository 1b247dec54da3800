import XCTest
import TernISA
@testable import TernFuzz

/// The single-encoding probe: word choice and classification.
final class EncodingProbeTests: XCTestCase {
    func testWordsAreDeterministicAndVaried() {
        XCTAssertEqual(EncodingProbe.word(seed: 5), EncodingProbe.word(seed: 5))
        var kinds = [EncodingProbe.Kind: Int](), compressed = 0
        for seed in UInt64(0)..<2000 {
            let w = EncodingProbe.word(seed: seed)
            kinds[EncodingProbe.kind(w), default: 0] += 1
            if w & 3 != 3 { compressed += 1; XCTAssertEqual(w >> 16, 0x0001, "a c.nop follows a compressed word") }
        }
        XCTAssertGreaterThan(kinds[.illegal] ?? 0, 300)
        XCTAssertGreaterThan(kinds[.run] ?? 0, 300)
        XCTAssertGreaterThan(kinds[.skipped] ?? 0, 100)
        XCTAssertGreaterThan(kinds[.runStatusOnly] ?? 0, 20)
        XCTAssertGreaterThan(compressed, 300)
    }

    func testClassification() {
        XCTAssertEqual(EncodingProbe.kind(0x00c5_8533), .run)       // add a0,a1,a2
        XCTAssertEqual(EncodingProbe.kind(0x0005_8193), .skipped)   // addi gp,a1,0: gp is the dump base
        XCTAssertEqual(EncodingProbe.kind(0x0005_3503), .run)       // ld a0,0(a0)
        XCTAssertEqual(EncodingProbe.kind(0x0005_3183), .skipped)   // ld gp,0(a0)
        XCTAssertEqual(EncodingProbe.kind(0x0000_006f), .skipped)   // j .
        XCTAssertEqual(EncodingProbe.kind(0x18d8_b32f), .skipped)   // sc.d t1,a3,(a7): qemu deviation
        XCTAssertEqual(EncodingProbe.kind(0x1008_b32f), .run)       // lr.d t1,(a7)
        XCTAssertEqual(EncodingProbe.kind(0x0000_0063), .skipped)   // beq
        XCTAssertEqual(EncodingProbe.kind(0x0030_2573), .run)       // frcsr a0
        XCTAssertEqual(EncodingProbe.kind(0xc000_2573), .runStatusOnly)   // rdcycle a0
        XCTAssertEqual(EncodingProbe.kind(0x0030_21f3), .skipped)   // frcsr gp
        XCTAssertEqual(EncodingProbe.kind(0x0211_70d3), .run)       // fadd.d ft1,ft2,ft1 (dyn)
        XCTAssertEqual(EncodingProbe.kind(0x8000_0033), .illegal)   // add with funct7 0x40
        XCTAssertEqual(EncodingProbe.kind(0x0001_0000), .illegal)   // c.unimp-like zero halfword
        XCTAssertEqual(EncodingProbe.kind(0x0001_0505), .run)       // c.addi a0,1
        XCTAssertEqual(EncodingProbe.kind(0x4000_6533, extensions: FuzzCPU.legacy.extensions), .illegal)  // orn: no Zbb
        XCTAssertEqual(EncodingProbe.kind(0x4000_6533), .run)       // orn a0,zero,zero with Zbb
    }

    func testQemuCPUSetsEveryExtension() throws {
        let legacy = FuzzCPU.legacy.qemuArgument
        XCTAssertTrue(legacy.hasPrefix("rv64,m=true,a=true,f=true,d=true,c=true"), legacy)
        for off in ["zba=false", "zbb=false", "Zfh=false", "v=false"] { XCTAssertTrue(legacy.contains(off), off) }
        XCTAssertFalse(legacy.contains("zicond"))   // qemu 7.2 has no such property
        let rva23 = try FuzzCPU("rva23u64,zbb=false", qemuMajor: 11)
        for prop in ["zba=true", "zbb=false", "zicond=true", "zcb=true", "zawrs=true", "zbc=false", "v=true", "zvbb=true",
                     "vlen=128", "rvv_ta_all_1s=true", "rvv_ma_all_1s=true"] {
            XCTAssertTrue(rva23.qemuArgument.contains(prop), "\(prop) in \(rva23.qemuArgument)")
        }
        XCTAssertTrue(try FuzzCPU("max,vlen=256", qemuMajor: 11).qemuArgument.contains("vlen=256"))
        XCTAssertThrowsError(try FuzzCPU("max", qemuMajor: 7))
    }
}
