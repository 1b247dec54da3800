import XCTest
import TernFloat

let allModes: [RoundingMode] = [.rne, .rtz, .rdn, .rup, .rmm]
let NX = FFlags.nx, UF = FFlags.uf, OF = FFlags.of, DZ = FFlags.dz, NV = FFlags.nv

/// Checks one result and the flags it raised (starting from clear flags, and again with NX
/// pre-set so the inlined fast path is exercised too).
func expect64(_ op: (inout UInt32) -> UInt64, _ want: UInt64, _ wantFlags: UInt32, _ what: String,
              file: StaticString = #filePath, line: UInt = #line) {
    var f: UInt32 = 0
    let r = op(&f)
    XCTAssertEqual(r, want, "\(what): got \(String(r, radix: 16)) want \(String(want, radix: 16))", file: file, line: line)
    XCTAssertEqual(f, wantFlags, "\(what): flags", file: file, line: line)
    var g = NX
    XCTAssertEqual(op(&g), want, "\(what) (NX preset)", file: file, line: line)
    XCTAssertEqual(g, wantFlags | NX, "\(what) (NX preset): flags", file: file, line: line)
}

func expect32(_ op: (inout UInt32) -> UInt32, _ want: UInt32, _ wantFlags: UInt32, _ what: String,
              file: StaticString = #filePath, line: UInt = #line) {
    expect64({ UInt64(op(&$0)) }, UInt64(want), wantFlags, what, file: file, line: line)
}

/// Expected results per rounding mode, in the order rne, rtz, rdn, rup, rmm.
func perMode64(_ op: (RoundingMode, inout UInt32) -> UInt64, _ wants: [UInt64], _ flags: [UInt32], _ what: String,
               file: StaticString = #filePath, line: UInt = #line) {
    for (i, rm) in allModes.enumerated() {
        expect64({ op(rm, &$0) }, wants[i], flags.count == 1 ? flags[0] : flags[i], "\(what) rm=\(rm)", file: file, line: line)
    }
}

func perMode32(_ op: (RoundingMode, inout UInt32) -> UInt32, _ wants: [UInt32], _ flags: [UInt32], _ what: String,
               file: StaticString = #filePath, line: UInt = #line) {
    perMode64({ UInt64(op($0, &$1)) }, wants.map { UInt64($0) }, flags, what, file: file, line: line)
}
