import XCTest
import TernLinux

/// The host-call allow-list and its signatures.
final class HostCallRegistryTests: XCTestCase {
    func testDefaultsAreLibmWithExactSignatures() {
        let names = HostCallRegistry.shared.names
        for name in ["sin", "pow", "hypot", "sqrtf", "ldexp", "frexp", "modf", "strlen"] {
            XCTAssertTrue(names.contains(name), name)
        }
        XCTAssertFalse(names.contains("system"))
        XCTAssertFalse(names.contains("dlopen"))
        let signatures = Dictionary(uniqueKeysWithValues: HostCallRegistry.libmDefaults.map { ($0.0, $0.1.letter) })
        XCTAssertEqual(signatures["sqrtf"], "f")
        XCTAssertEqual(signatures["strlen"], "l")
    }

    func testSignatureLetters() {
        let types: [HostCallType] = [.int32, .int64, .float, .double, .buffer(minimumBytes: 4), .string, .void]
        XCTAssertEqual(String(types.map(\.letter)), "ilfdpsv")
    }

    func testRegistrationRefusals() {
        let registry = HostCallRegistry()
        XCTAssertFalse(registry.register(name: "no_such_symbol_tern", library: "libm.so.6", result: .double, arguments: [.double]))
        XCTAssertFalse(registry.register(name: "sin", library: "libm.so.6", result: .double, arguments: [.void]))
        XCTAssertFalse(registry.register(name: "sin", library: "libm.so.6", result: .string, arguments: [.double]),
                       "pointer results are refused")
        XCTAssertFalse(registry.register(name: "sin", library: "libm.so.6", result: .double,
                                         arguments: Array(repeating: .double, count: 9)))
        XCTAssertTrue(registry.register(name: "sin", library: "libm.so.6", result: .double, arguments: [.double]))
        XCTAssertEqual(registry.names, ["sin"])
    }
}
