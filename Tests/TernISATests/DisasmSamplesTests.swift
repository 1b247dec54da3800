import Foundation
import XCTest
import TernTestSupport
@testable import TernISA
import TernLinux

/// `tern disasm`'s listing (TernELF.ELFDisassembly) against `riscv64-linux-gnu-objdump -d`
/// over every sample program: each instruction's mnemonic and operands must agree, after
/// the normalisation `ObjdumpOracle.normalize` documents (binutils' immediate-form
/// mnemonics, `# …` comments, `ADDR <sym>` targets) and with our ` <sym+off>` target
/// suffix removed.
final class DisasmSamplesTests: XCTestCase {
    static let samples: URL = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Samples/out")
    }()

    func testSamplesMatchObjdump() throws {
        let tools = try ObjdumpOracle.requireTools(["objdump"])
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: Self.samples.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "bad" && $0 != "rva23" && $0 != "rvv" }.sorted()  // rva23, rvv: beyond binutils 2.40
        guard !files.isEmpty else { throw MissingPrerequisite("the samples in \(Self.samples.path)", hint: "make samples") }
        var compared = 0
        var problems: [String] = []
        for name in files {
            let path = Self.samples.appendingPathComponent(name).path
            let listing = try ELFDisassembly(ELFFile(contentsOf: path)).all()
            let ours = Dictionary(listing.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
            let theirs = ObjdumpOracle.parse(try ObjdumpOracle.run(tools[0], ["-d", path]))
            XCTAssertGreaterThan(theirs.count, 10, name)  // hand-written .S samples are small
            var seen = 0
            for line in theirs {
                guard let mine = ours[line.address] else {
                    if problems.count < 40 {
                        problems.append("\(name) 0x\(String(line.address, radix: 16)): objdump lists \(line.text ?? "data"), we do not")
                    }
                    continue
                }
                seen += 1
                let text = mine.text.map { ObjdumpOracle.withoutSymbolicTarget($0) }
                XCTAssertEqual(mine.bits, line.bits, "\(name) 0x\(String(line.address, radix: 16))")
                if text != line.text, problems.count < 40 {
                    problems.append("\(name) 0x\(String(line.address, radix: 16)) \(String(line.bits, radix: 16)): objdump=\(line.text ?? "<data>") ours=\(text ?? "<undecodable>")")
                } else if text == line.text, text != nil {
                    compared += 1
                }
            }
            // Units objdump elides (zero runs printed as "...") must not be instructions we list.
            let listed = Set(theirs.map(\.address))
            for l in listing where !listed.contains(l.address) && l.text != nil && l.bits != 0 && problems.count < 40 {
                problems.append("\(name) 0x\(String(l.address, radix: 16)): we list \(l.text!), objdump does not")
            }
            XCTAssertEqual(seen, theirs.count, name)
        }
        XCTAssert(problems.isEmpty, problems.prefix(40).joined(separator: "\n"))
        XCTAssertGreaterThan(compared, 100_000)
        print("DisasmSamplesTests: \(compared) instructions compared with objdump over \(files.count) samples")
    }
}
