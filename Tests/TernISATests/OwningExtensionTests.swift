import XCTest
@testable import TernISA

/// `Decoder.owningExtension`: the extension a fuzz campaign counts an encoding under.
final class OwningExtensionTests: XCTestCase {
    func testCompressedFormsCountUnderTheirOwnExtension() {
        XCTAssertEqual(Decoder.owningExtension(of: 0x9d4d), .zcb)    // c.mul a0, a1 (expands to mul: M)
        XCTAssertEqual(Decoder.owningExtension(of: 0x81c8), .zcb)    // c.lbu a0, 1(a1)
        XCTAssertEqual(Decoder.owningExtension(of: 0x6181), .zcmop)  // c.mop.3
        XCTAssertEqual(Decoder.owningExtension(of: 0x0505), .c)      // c.addi a0, 1
        XCTAssertEqual(Decoder.owningExtension(of: 0x2008), .c)      // c.fld fa0, 0(s0)
        XCTAssertNil(Decoder.owningExtension(of: 0x0000))             // the defined illegal halfword
    }

    func testFullWordsCountUnderTheirOpcodesExtension() {
        XCTAssertEqual(Decoder.owningExtension(of: 0x20c5_c533), .zba)   // sh2add a0, a1, a2
        XCTAssertEqual(Decoder.owningExtension(of: 0x0ec5_d533), .zicond) // czero.eqz a0, a1, a2
        XCTAssertEqual(Decoder.owningExtension(of: 0x81f5_c573), .zimop)  // mop.r.3 a0, a1
        XCTAssertEqual(Decoder.owningExtension(of: 0x02c5_8533), .m)     // mul a0, a1, a2
        XCTAssertEqual(Decoder.owningExtension(of: 0x00c5_8533), .i)     // add a0, a1, a2
        XCTAssertNil(Decoder.owningExtension(of: 0xffff_ffff))
    }
}
