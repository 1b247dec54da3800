import XCTest
import TernISA
@testable import TernReference

final class ReferenceInterpreterTests: XCTestCase {
    func testPlaceholderCompiles() {}
}
