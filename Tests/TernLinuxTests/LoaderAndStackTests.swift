import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore

final class LoaderAndStackTests: XCTestCase {
    func testSegmentsMappedWithPermissionsAndBSS() throws {
        let builder = ELFBuilder.valid(code: [0x73, 0, 0x10, 0, 1, 2, 3, 4])
        let bytes = builder.bytes()
        let machine = try Machine()
        let elf = try ELFFile(path: "/t/x", bytes: bytes)
        let image = try ELFLoader.load(elf, into: machine.memory)
        XCTAssertEqual(image.entry, 0x10078)
        XCTAssertEqual(image.programHeaderAddress, 0x10040)
        XCTAssertEqual(image.breakStart, 0x22000)
        XCTAssertEqual(try machine.memory.read(0x10000, count: bytes.count), bytes)
        XCTAssertEqual(machine.memory.region(containing: 0x10000)?.protection, [.read, .execute])
        XCTAssertEqual(machine.memory.region(containing: 0x20000)?.protection, [.read, .write])
        XCTAssertEqual(try machine.memory.read(0x20000, count: 0x2000), [UInt8](repeating: 0, count: 0x2000))
        // Tail of the last file page is zero.
        XCTAssertEqual(try machine.memory.load(0x10000 + UInt64(bytes.count), as: UInt64.self), 0)
    }

    /// `ELFFile(headersOf:)` reads only the headers (through the program
    /// headers and interpreter path) and agrees with a whole-file read; loading
    /// from it gives the same guest memory, including the page two segments
    /// share, which the loader copies from the file instead of mapping.
    func testHeadersOnlyReadLoadsTheSameImage() throws {
        var b = ELFBuilder.valid(code: (0 ..< 0x3000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 7) })
        let size: UInt64 = 64 + 2 * 56 + 0x3000
        b.entry = 0x10100
        b.segments = [(1, 5, 0, 0x10000, 0x1800, 0x1800), (1, 6, 0x1800, 0x11800, size - 0x1800, size - 0x1800 + 0x1000)]
        let path = temporaryFile(b.bytes())
        let whole = try ELFFile(contentsOf: path), headers = try ELFFile(headersOf: path)
        XCTAssertTrue(whole.isComplete)
        XCTAssertFalse(headers.isComplete)
        XCTAssertEqual(headers.bytes.count, 64 + 2 * 56)
        XCTAssertEqual(headers.fileSize, size)
        XCTAssertEqual(headers.programHeaders, whole.programHeaders)
        XCTAssertEqual(headers.entry, whole.entry)
        XCTAssertNil(headers.interpreter)
        let a = try Machine(), c = try Machine()
        let imageA = try ELFLoader.load(whole, into: a.memory), imageC = try ELFLoader.load(headers, into: c.memory)
        XCTAssertEqual(imageA.breakStart, imageC.breakStart)
        XCTAssertEqual(imageA.programHeaderBytes, imageC.programHeaderBytes)
        let span = Int(imageA.breakStart - 0x10000)
        XCTAssertEqual(try c.memory.read(0x10000, count: span), try a.memory.read(0x10000, count: span))
        XCTAssertEqual(try c.memory.read(0x10000, count: Int(size)), b.bytes())  // segment offsets match their addresses

        var withInterpreter = ELFBuilder.valid()
        withInterpreter.interpreter = "/lib/ld-linux-riscv64-lp64d.so.1"
        let interpreted = try ELFFile(headersOf: temporaryFile(withInterpreter.bytes()))
        XCTAssertEqual(interpreted.interpreter, "/lib/ld-linux-riscv64-lp64d.so.1")
        // Headers past the end of the file are still reported as truncated.
        var cut = b.bytes()
        cut.removeLast(cut.count - 100)
        XCTAssertThrowsError(try ELFFile(headersOf: temporaryFile(cut))) { XCTAssertEqual(($0 as? LoadError)?.kind, .truncated) }
    }

    func testPositionIndependentLoadsAtBase() throws {
        var b = ELFBuilder.valid()
        b.type = 3
        b.entry = 0x78
        let size = UInt64(b.bytes().count)
        b.segments = [(1, 5, 0, 0, size, size), (6, 4, 64, 64, 112, 112)]
        let machine = try Machine()
        let image = try ELFLoader.load(try ELFFile(path: "/t/x", bytes: b.bytes()), into: machine.memory)
        XCTAssertEqual(image.bias, GuestLayout.dynamicBase)
        XCTAssertEqual(image.entry, GuestLayout.dynamicBase + 0x78)
        XCTAssertEqual(image.programHeaderAddress, GuestLayout.dynamicBase + 64)
    }

    func testExecutableBelowMinimumAddressRejected() throws {
        var b = ELFBuilder.valid()
        b.segments = [(1, 5, 0, 0, 0x40, 0x40)]
        XCTAssertThrowsError(try ELFLoader.load(try ELFFile(path: "/t/x", bytes: b.bytes()), into: Machine().memory)) {
            XCTAssertEqual(($0 as? LoadError)?.kind, .badSegment)
        }
    }

    /// Parsing and loading random corruptions of a valid image never traps: each one
    /// loads or fails with a LoadError (seeded: a failure names the seed and case).
    func testLoadingCorruptImagesNeverTraps() throws {
        let seed: UInt64 = 0x10ad_e4
        var rng = SplitMix64(seed: seed)
        let good = ELFBuilder.valid().bytes()
        var loaded = 0, failed = 0
        for k in 0 ..< 500 {
            let machine = try Machine()
            var b = good
            for _ in 0 ..< 1 + Int(rng.next() % 4) { b[16 + Int(rng.next() % 160)] = UInt8(truncatingIfNeeded: rng.next()) }
            do {
                let elf = try ELFFile(path: "/t/x", bytes: b)
                _ = try ELFLoader.load(elf, into: machine.memory)
                loaded += 1
            } catch is LoadError {
                failed += 1
            } catch {
                XCTFail("seed \(seed), case \(k): not a LoadError: \(error)")
            }
        }
        XCTAssertGreaterThan(loaded, 0, "seed \(seed)")
        XCTAssertGreaterThan(failed, 0, "seed \(seed)")
    }

    /// A program started with a large RLIMIT_STACK (gcc raises it before running
    /// cc1) gets that stack, and nothing else is mapped inside it or its gap:
    /// everything the loader and the trampoline place goes below.
    func testLargeInheritedStackLimitKeepsMappingsBelowTheStack() throws {
        var interpreter = ELFBuilder.valid()
        interpreter.type = 3  // ET_DYN, loaded below the stack
        var program = ELFBuilder.valid()
        program.interpreter = temporaryFile(interpreter.bytes())
        let path = temporaryFile(program.bytes())
        let machine = try Machine()
        var options = LinuxOptions(environment: [])
        let stack: UInt64 = 256 << 20
        options.inherited.resourceLimits[3] = ResourceLimit(current: stack, maximum: .max)
        let process = try LinuxProcess(machine: machine, executablePath: path, arguments: [path], options: options)
        XCTAssertNotEqual(process.hart.pc, 0x10078, "starts in the interpreter")
        let regions = machine.memory.mappedRegions
        let stackRegion = try XCTUnwrap(regions.first { $0.name == "[stack]" })
        XCTAssertEqual(stackRegion.end - stackRegion.start, stack)
        for r in regions where r.name != "[stack]" {
            XCTAssertLessThanOrEqual(r.end, stackRegion.start - GuestLayout.stackGap, "\(r.name) at 0x\(String(r.start, radix: 16))")
        }
    }

    func testInitialStackLayout() throws {
        let path = temporaryFile(ELFBuilder.valid().bytes())
        let machine = try Machine()
        let args = [path, "hello", "wörld", ""]
        let env = ["A=1", "PATH=/bin"]
        let process = try LinuxProcess(machine: machine, executablePath: path, arguments: args,
                                       options: LinuxOptions(environment: env))
        let m = machine.memory
        let sp = process.initialStackPointer
        XCTAssertEqual(sp % 16, 0)
        XCTAssertEqual(process.hart[x: 2], sp)
        XCTAssertEqual(process.hart.pc, 0x10078)
        XCTAssertEqual(try m.load(sp, as: UInt64.self), 4)
        var cursor = sp + 8
        for a in args {
            let p = try m.load(cursor, as: UInt64.self)
            XCTAssertEqual(m.readCString(p), a)
            cursor += 8
        }
        XCTAssertEqual(try m.load(cursor, as: UInt64.self), 0); cursor += 8
        for e in env {
            XCTAssertEqual(m.readCString(try m.load(cursor, as: UInt64.self)), e)
            cursor += 8
        }
        XCTAssertEqual(try m.load(cursor, as: UInt64.self), 0); cursor += 8
        var auxv: [UInt64: UInt64] = [:]
        var order: [UInt64] = []
        while true {
            let type = try m.load(cursor, as: UInt64.self), value = try m.load(cursor + 8, as: UInt64.self)
            cursor += 16
            auxv[type] = value
            order.append(type)
            if type == 0 { break }
        }
        XCTAssertEqual(order.last, 0)
        XCTAssertEqual(auxv[3], 0x10040)            // AT_PHDR
        XCTAssertEqual(auxv[4], 56)                 // AT_PHENT
        XCTAssertEqual(auxv[5], 2)                  // AT_PHNUM
        XCTAssertEqual(auxv[6], 4096)               // AT_PAGESZ
        XCTAssertEqual(auxv[7], 0)                  // AT_BASE
        XCTAssertEqual(auxv[9], 0x10078)            // AT_ENTRY
        XCTAssertEqual(auxv[11], UInt64(getuid()))
        XCTAssertEqual(auxv[14], UInt64(getegid()))
        XCTAssertEqual(auxv[16], 0x20112d)          // AT_HWCAP rv64imafdcv
        XCTAssertEqual(auxv[17], 100)               // AT_CLKTCK
        XCTAssertEqual(auxv[23], 0)                 // AT_SECURE
        XCTAssertEqual(m.readCString(auxv[31]!), path)       // AT_EXECFN
        XCTAssertEqual(m.readCString(auxv[15]!), "riscv64")  // AT_PLATFORM
        let random = try XCTUnwrap(auxv[25])
        XCTAssertEqual(try m.read(random, count: 16).count, 16)
        XCTAssertGreaterThanOrEqual(random, cursor)
        // Strings sit at the top: execfn last, just below the 8-byte end marker.
        XCTAssertEqual(auxv[31]! + UInt64(path.utf8.count) + 1 + 8, GuestLayout.stackTop)
        XCTAssertEqual(m.region(containing: sp)?.protection, [.read, .write])
    }

    func testHugeArgumentsRejected() throws {
        let path = temporaryFile(ELFBuilder.valid().bytes())
        let big = String(repeating: "x", count: 3 << 20)
        XCTAssertThrowsError(try LinuxProcess(machine: Machine(), executablePath: path, arguments: [path, big],
                                              options: LinuxOptions())) {
            XCTAssertEqual(($0 as? LoadError)?.kind, .argumentsTooLong)
        }
    }
}
