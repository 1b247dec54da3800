import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore

final class ELFValidationTests: XCTestCase {
    private func parse(_ bytes: [UInt8]) -> LoadError? {
        do { _ = try ELFFile(path: "/t/x", bytes: bytes); return nil } catch { return error }
    }

    private func patched(_ offset: Int, _ values: [UInt8], base: [UInt8] = ELFBuilder.valid().bytes()) -> [UInt8] {
        var b = base
        for (i, v) in values.enumerated() { b[offset + i] = v }
        return b
    }

    func testValidParses() throws {
        let elf = try ELFFile(path: "/t/x", bytes: ELFBuilder.valid().bytes())
        XCTAssertEqual(elf.loadSegments.count, 2)
        XCTAssertEqual(elf.entry, 0x10078)
        XCTAssertNil(elf.interpreter)
    }

    func testNotELF() {
        XCTAssertEqual(parse([])?.kind, .notELF)
        XCTAssertEqual(parse(Array("#!/bin/sh\n".utf8))?.kind, .notELF)
        XCTAssertEqual(parse(patched(0, [0x7e]))?.description, "tern: /t/x: not an ELF file")
    }

    func testHeaderFields() {
        XCTAssertEqual(parse(Array(ELFBuilder.valid().bytes().prefix(40)))?.kind, .truncated)
        XCTAssertEqual(parse(patched(4, [1]))?.kind, .wrongClass)
        XCTAssertEqual(parse(patched(5, [2]))?.kind, .wrongByteOrder)
        XCTAssertEqual(parse(patched(6, [0]))?.kind, .wrongVersion)
        XCTAssertEqual(parse(patched(20, [2]))?.kind, .wrongVersion)
        let x86 = parse(patched(18, [62, 0]))
        XCTAssertEqual(x86?.kind, .wrongMachine(62))
        XCTAssertEqual(x86?.description, "tern: /t/x: ELF for machine 62 (x86-64), expected RISC-V (243)")
        XCTAssertEqual(parse(patched(16, [1, 0]))?.kind, .wrongType(1))
        XCTAssertEqual(parse(patched(16, [4, 0]))?.kind, .wrongType(4))
    }

    func testABIFlags() {
        XCTAssertNil(parse(patched(48, [0x1, 0, 0, 0])))             // lp64 soft-float accepted
        XCTAssertEqual(parse(patched(48, [0x3, 0, 0, 0]))?.kind, .unsupportedABI(3))   // lp64f
        XCTAssertEqual(parse(patched(48, [0x7, 0, 0, 0]))?.kind, .unsupportedABI(7))   // lp64q
        XCTAssertEqual(parse(patched(48, [0xd, 0, 0, 0]))?.kind, .unsupportedABI(0xd)) // RVE
    }

    func testProgramHeaderTable() {
        XCTAssertEqual(parse(patched(54, [32, 0]))?.kind, .badHeader)
        XCTAssertEqual(parse(patched(56, [0, 0]))?.kind, .badHeader)
        let e = parse(patched(32, [0xf0, 0xff, 0, 0, 0, 0, 0, 0]))
        XCTAssertEqual(e?.kind, .truncated)
        XCTAssertEqual(e?.description, "tern: /t/x: truncated ELF (program headers past end of file)")
        XCTAssertEqual(parse(patched(32, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))?.kind, .truncated)
        XCTAssertEqual(parse(patched(56, [0xff, 0x7f]))?.kind, .truncated)
    }

    func testSegments() {
        var b = ELFBuilder.valid()
        b.segments = [(1, 5, 0, 0x10000, 0x200, 0x100)]
        XCTAssertEqual(parse(b.bytes())?.kind, .badSegment)                 // filesz > memsz
        b.segments = [(1, 5, 0x10_0000, 0x10000, 0x10, 0x100)]
        XCTAssertEqual(parse(b.bytes())?.kind, .truncated)                  // data past EOF
        b.segments = [(1, 5, 0, 0x10000, .max, .max)]
        XCTAssertEqual(parse(b.bytes())?.kind, .truncated)
        b.segments = [(1, 5, 0, 1 << 40, 0x10, 0x10)]
        XCTAssertEqual(parse(b.bytes())?.kind, .badSegment)                 // outside guest space
        b.segments = [(1, 5, 0, .max - 4, 0x10, 0x10)]
        XCTAssertEqual(parse(b.bytes())?.kind, .badSegment)                 // wraps
        b.segments = [(6, 4, 64, 0x10040, 56, 56)]
        XCTAssertEqual(parse(b.bytes())?.kind, .badSegment)                 // no PT_LOAD
    }

    func testInterpreterIsReported() throws {
        var b = ELFBuilder.valid()
        b.interpreter = "/lib/ld-linux-riscv64-lp64d.so.1"
        let elf = try ELFFile(path: "/t/x", bytes: b.bytes())
        XCTAssertEqual(elf.interpreter, "/lib/ld-linux-riscv64-lp64d.so.1")
        let path = temporaryFile(b.bytes())
        XCTAssertThrowsError(try LinuxProcess(machine: Machine(), executablePath: path, arguments: [path],
                                              options: LinuxOptions())) { error in
            let e = error as! LoadError
            XCTAssertEqual(e.kind, .dynamicallyLinked(interpreter: "/lib/ld-linux-riscv64-lp64d.so.1"))
            XCTAssertEqual(e.description, "tern: \(path): cannot load the program interpreter /lib/ld-linux-riscv64-lp64d.so.1: No such file or directory; pass --sysroot DIR (or -L DIR, TERN_SYSROOT) with the guest's root file system")
        }
    }

    func testMissingFileAndDirectory() throws {
        XCTAssertThrowsError(try LinuxProcess(machine: Machine(), executablePath: "/nonexistent/prog",
                                              arguments: ["prog"], options: LinuxOptions())) { error in
            XCTAssertEqual((error as? LoadError)?.description, "tern: /nonexistent/prog: No such file or directory")
        }
        XCTAssertThrowsError(try LinuxProcess(machine: Machine(), executablePath: "/tmp",
                                              arguments: ["tmp"], options: LinuxOptions())) { error in
            XCTAssertEqual((error as? LoadError)?.description, "tern: /tmp: Is a directory")
        }
    }

    /// Truncations and byte flips never trap, and every rejection is a LoadError
    /// with a `tern: ` message (seeded: a failure names the seed and the bytes).
    func testMalformedInputNeverTraps() {
        let good = ELFBuilder.valid().bytes()
        for n in 0 ..< good.count {
            XCTAssertThrowsError(try ELFFile(path: "/t/x", bytes: Array(good.prefix(n))), "truncated to \(n) bytes")
        }
        let seed: UInt64 = 0xe1f_0101
        var rng = SplitMix64(seed: seed)
        var rejected = 0, accepted = 0
        for k in 0 ..< 3000 {
            var b = good
            for _ in 0 ..< 1 + Int(rng.next() % 6) {
                b[Int(rng.next() % UInt64(min(b.count, 64 + 112)))] = UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                _ = try ELFFile(path: "/t/x", bytes: b)
                accepted += 1
            } catch {  // typed throws: always a LoadError
                rejected += 1
                XCTAssertTrue(error.description.hasPrefix("tern: /t/x: "), "seed \(seed), case \(k): \(error.description)")
            }
        }
        // Byte flips in the headers are mostly caught; some (padding, flags) are harmless.
        XCTAssertGreaterThan(rejected, 500, "seed \(seed)")
        XCTAssertGreaterThan(accepted, 0, "seed \(seed)")
    }
}
