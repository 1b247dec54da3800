import XCTest
import JITRuntime
@testable import TernLinux
import TernCore
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The checkpoint image format (docs/CHECKPOINT.md): checksums, metadata
/// encoding, memory contents, and rejection of damaged images. Restoring a
/// whole process replaces the host process's descriptor table, so that part
/// runs in Tests/e2e/checkpoint.sh, in processes of its own.
final class CheckpointImageTests: XCTestCase {
    func testCRC32CKnownValuesAndBothImplementationsAgree() {
        let check = Array("123456789".utf8)
        XCTAssertEqual(check.withUnsafeBytes { tern_crc32c(0, $0.baseAddress, $0.count) }, 0xE306_9283)
        XCTAssertEqual(check.withUnsafeBytes { tern_crc32c_portable(0, $0.baseAddress, $0.count) }, 0xE306_9283)
        XCTAssertEqual([UInt8](repeating: 0, count: 32).withUnsafeBytes { tern_crc32c(0, $0.baseAddress, $0.count) }, 0x8A91_36AA)
        var rng = SplitMix64(seed: 15)
        for length in [0, 1, 7, 8, 31, 32, 33, 4095, 4096, 10_007] {
            let bytes = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            bytes.withUnsafeBytes { b in
                for start in [0, min(3, length)] {
                    let p = b.baseAddress.map { $0 + start }
                    XCTAssertEqual(tern_crc32c(7, p, length - start), tern_crc32c_portable(7, p, length - start), "\(length) from \(start)")
                }
                // Continuing a checksum equals one over the whole.
                let half = length / 2
                XCTAssertEqual(tern_crc32c(tern_crc32c(0, b.baseAddress, half), b.baseAddress.map { $0 + half }, length - half),
                               tern_crc32c(0, b.baseAddress, length))
            }
        }
    }

    func testZeroPageCheck() {
        var page = [UInt64](repeating: 0, count: 512)
        XCTAssertEqual(page.withUnsafeBytes { tern_is_zero($0.baseAddress, 4096) }, 1)
        for i in [0, 7, 8, 300, 511] {
            page[i] = 1 << UInt64(i % 64)
            XCTAssertEqual(page.withUnsafeBytes { tern_is_zero($0.baseAddress, 4096) }, 0, "word \(i)")
            page[i] = 0
        }
    }

    static func sampleState() -> ProcessState {
        var r = HartRegisters()
        for i in 1 ..< 32 { r.x[i] = UInt64(i) << 40 | 0xABC }
        for i in 0 ..< 32 { r.f[i] = ~UInt64(i) }
        r.pc = 0x10_2344; r.fflags = 9; r.frm = 4; r.retired = 123_456_789
        let thread = ThreadState(tid: 4242, registers: r, signalMask: 1 << 9, altStackPointer: 0x7000, altStackFlags: 0,
                                 altStackSize: 8192, clearChildTID: 0x20_0010, robustListHead: 0x20_0020, robustListLength: 24,
                                 name: Array("worker".utf8),
                                 pendingSignals: [PendingSignalState(signal: 11, info: [UInt8](repeating: 3, count: 128))])
        var second = thread
        second.tid = 4243
        second.registers.pc = 0x10_4000
        return ProcessState(
            pid: 4242, executablePath: "/usr/bin/prog", arguments: [Array("prog".utf8), [], Array("ü x".utf8)],
            auxv: [(6, 4096), (25, 0x3FFF_F000)], stackStart: 0x3FFF_E000, breakStart: 0x40_0000, programBreak: 0x42_1000,
            mmapTop: 0x3F00_0000, trampolineAddress: 0x3FFF_F000, sysroot: "/srv/root", cpu: "rva23", workingDirectory: "/tmp/w d",
            umask: 0o027, hostLimits: [ResourceLimitState(resource: 7, current: 1024, maximum: 4096)],
            virtualLimits: [ResourceLimitState(resource: 3, current: 8 << 20, maximum: .max)],
            sealedRanges: [(0x1000, 0x3000)],
            signalActions: [SignalActionState(signal: 10, handler: 0x10_0500, flags: 0x0400_0000, mask: 0b110)],
            pendingSignals: [PendingSignalState(signal: 14, info: [UInt8](repeating: 1, count: 128))],
            threads: [thread, second],
            descriptors: [DescriptorState(fd: 0, kind: .standard(0), closeOnExec: false),
                          DescriptorState(fd: 3, kind: .file(path: "/tmp/a", flags: 2, offset: 77, directory: false), closeOnExec: true),
                          DescriptorState(fd: 4, kind: .pipe(pipe: 99, writeEnd: false, flags: 0x800, content: [1, 2, 3]), closeOnExec: false),
                          DescriptorState(fd: 5, kind: .unrestorable(what: "socket"), closeOnExec: false)],
            timers: TimerState(intervalTimers: [IntervalTimerState(which: 0, intervalMicroseconds: 1000, valueMicroseconds: 500)],
                               posixTimers: [PosixTimerState(id: 1, clock: 1, event: [], intervalNanoseconds: 0, valueNanoseconds: 9)]),
            regions: [])
    }

    func testProcessAndThreadSectionsRoundTrip() throws {
        let state = Self.sampleState()
        var e = ImageEncoder()
        state.encodeProcess(&e)
        var d = ImageDecoder(e.bytes, what: "process")
        let back = try ProcessState.decodeProcess(&d)
        try d.finish()
        XCTAssertEqual(back.pid, state.pid)
        XCTAssertEqual(back.arguments, state.arguments)
        XCTAssertEqual(back.auxv.map { [$0.0, $0.1] }, state.auxv.map { [$0.0, $0.1] })
        XCTAssertEqual(back.sysroot, "/srv/root")
        XCTAssertEqual(back.cpu, "rva23")
        XCTAssertEqual(back.workingDirectory, "/tmp/w d")
        XCTAssertEqual(back.umask, 0o027)
        XCTAssertEqual(back.hostLimits, state.hostLimits)
        XCTAssertEqual(back.virtualLimits, state.virtualLimits)
        XCTAssertEqual(back.sealedRanges.map { [$0.start, $0.end] }, [[0x1000, 0x3000]])
        XCTAssertEqual(back.signalActions, state.signalActions)
        XCTAssertEqual(back.pendingSignals, state.pendingSignals)
        XCTAssertEqual(back.descriptors, state.descriptors)
        XCTAssertEqual(back.timers, state.timers)
        XCTAssertEqual([back.stackStart, back.breakStart, back.programBreak, back.mmapTop, back.trampolineAddress],
                       [state.stackStart, state.breakStart, state.programBreak, state.mmapTop, state.trampolineAddress])
        for t in state.threads {
            var te = ImageEncoder()
            t.encode(&te)
            var td = ImageDecoder(te.bytes, what: "thread")
            let tb = try ThreadState.decode(&td)
            try td.finish()
            XCTAssertEqual(tb.registers, t.registers)
            XCTAssertEqual([tb.signalMask, tb.altStackPointer, tb.altStackSize, tb.clearChildTID, tb.robustListHead, tb.robustListLength],
                           [t.signalMask, t.altStackPointer, t.altStackSize, t.clearChildTID, t.robustListHead, t.robustListLength])
            XCTAssertEqual(tb.name, t.name)
            XCTAssertEqual(tb.pendingSignals, t.pendingSignals)
        }
    }

    func testEveryTruncationOfMetadataIsRejected() {
        var e = ImageEncoder()
        Self.sampleState().encodeProcess(&e)
        for n in 0 ..< e.bytes.count {
            var d = ImageDecoder(Array(e.bytes.prefix(n)), what: "process")
            XCTAssertThrowsError(try { _ = try ProcessState.decodeProcess(&d); try d.finish() }(), "prefix \(n)")
        }
        var t = ImageEncoder()
        Self.sampleState().threads[0].encode(&t)
        for n in 0 ..< t.bytes.count {
            var d = ImageDecoder(Array(t.bytes.prefix(n)), what: "thread")
            XCTAssertThrowsError(try { _ = try ThreadState.decode(&d); try d.finish() }(), "prefix \(n)")
        }
    }

    /// A machine with an anonymous region holding a pattern and zero pages, an
    /// inaccessible region, and a private file mapping with one changed page.
    private func sampleMemory() throws -> (Machine, String) {
        let machine = try Machine()
        let m = machine.memory
        try m.map(0x10000, length: 0x8000, protection: [.read, .write], name: "[heap]")
        for page in [0, 3, 7] as [UInt64] {
            try m.write(0x10000 + page * 4096 + 17, (0 ..< 300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(page)) })
        }
        try m.map(0x20000, length: 0x2000, protection: [], name: "guard")
        try m.map(0x30000, length: 0x1000, protection: [.read], name: "ro")
        m.updateRegions(0x30000, 0x31000) { $0.vmFlags = 0x5 }  // VMA flags (mlock, hints) the OS layer keeps
        let filePath = temporaryFile((0 ..< 3 * 4096).map { UInt8(truncatingIfNeeded: $0 / 13) }, name: "mapped")
        let fd = open(filePath, O_RDONLY)
        defer { close(fd) }
        try m.mapFile(0x40000, length: 0x3000, protection: [.read, .write], fd: fd, offset: 0, name: filePath)
        try m.write(0x41000 + 5, [0xEE, 0xEF])
        try m.protect(0x42000, length: 0x1000, protection: [.read])
        return (machine, filePath)
    }

    private func writeImage(_ machine: Machine) throws -> String {
        var state = Self.sampleState()
        state.regions = machine.memory.mappedRegions
        let path = temporaryFile([], name: "image")
        try CheckpointImage.write(state, memory: machine.memory, to: path)
        return path
    }

    func testMemoryRoundTripsWithContentsProtectionsAndBackings() throws {
        let (machine, filePath) = try sampleMemory()
        let path = try writeImage(machine)
        let loaded = try CheckpointImage.Loaded(path: path)
        XCTAssertEqual(loaded.state.threads.count, 2)
        XCTAssertEqual(loaded.state.threads[1].tid, 4243)
        let fresh = try Machine()
        try loaded.mapMemory(fresh.memory) { $0 }
        let before = machine.memory.mappedRegions, after = fresh.memory.mappedRegions
        XCTAssertEqual(after.map { [$0.start, $0.end] }, before.map { [$0.start, $0.end] })
        XCTAssertEqual(after.map(\.protection), before.map(\.protection))
        XCTAssertEqual(after.map(\.name), before.map(\.name))
        XCTAssertEqual(after.map(\.vmFlags), before.map(\.vmFlags))
        XCTAssertEqual(after.first { $0.start == 0x30000 }?.vmFlags, 0x5)
        for r in before where r.protection.contains(.read) {
            XCTAssertEqual(try fresh.memory.read(r.start, count: Int(r.end - r.start)),
                           try machine.memory.read(r.start, count: Int(r.end - r.start)), "region 0x\(String(r.start, radix: 16))")
        }
        guard case .file(let file) = after.first(where: { $0.start == 0x40000 })?.backing else { return XCTFail("no file backing") }
        XCTAssertEqual(file.path, filePath)
        XCTAssertEqual(file.offset, 0)
        guard case .file(let tail) = after.first(where: { $0.start == 0x42000 })?.backing else { return XCTFail("no file backing") }
        XCTAssertEqual(tail.offset, 0x2000, "the reprotected piece keeps its file offset")
        // Unchanged pages of the private file mapping are not in the image (only the changed one).
        XCTAssertLessThan(try fileSize(path), 64 * 1024)
    }

    func testAFileChangedSinceTheCheckpointIsRefused() throws {
        let (machine, filePath) = try sampleMemory()
        let path = try writeImage(machine)
        let fd = open(filePath, O_WRONLY | O_APPEND)
        _ = write(fd, "more", 4)
        close(fd)
        let loaded = try CheckpointImage.Loaded(path: path)
        XCTAssertThrowsError(try loaded.mapMemory(try Machine().memory) { $0 }) {
            XCTAssertTrue("\($0)".contains("changed since the checkpoint"), "\($0)")
        }
    }

    func testEveryDamagedByteIsDetected() throws {
        let (machine, _) = try sampleMemory()
        let path = try writeImage(machine)
        let good = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        // Metadata bytes one by one, page data sampled; padding bytes are not covered by a checksum.
        var positions = Array(0 ..< 128) + Array(stride(from: 128, to: min(good.count, 4096), by: 5))
        positions += stride(from: 4096, to: good.count, by: 997)
        var detected = 0, padding = 0
        let target = try Machine()  // mapped over again each time
        let damaged = temporaryFile(good, name: "damaged")
        let fd = open(damaged, O_WRONLY)
        defer { close(fd) }
        for i in positions {
            var byte = good[i] ^ 0x41
            _ = pwrite(fd, &byte, 1, off_t(i))
            defer { byte = good[i]; _ = pwrite(fd, &byte, 1, off_t(i)) }
            do {
                let loaded = try CheckpointImage.Loaded(path: damaged)
                try loaded.mapMemory(target.memory) { $0 }
                padding += 1  // accepted: it must have been a byte no field covers
                XCTAssertTrue(good[i] == 0, "byte \(i) changed and the image was accepted")
            } catch {
                detected += 1
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
        XCTAssertGreaterThan(detected, positions.count * 3 / 4)
        for n in [0, 8, 12, 63, 64, 100, good.count / 2, good.count - 1] {
            let cut = temporaryFile(Array(good.prefix(n)), name: "cut")
            XCTAssertThrowsError(try CheckpointImage.Loaded(path: cut), "prefix \(n)")
            unlink(cut)
        }
    }

    func testVersionAndMagicAreChecked() throws {
        let (machine, _) = try sampleMemory()
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: try writeImage(machine))))
        bytes[8] = 2
        XCTAssertThrowsError(try CheckpointImage.Loaded(path: temporaryFile(bytes, name: "v2"))) {
            guard case .version(_, 2, 1) = $0 as? CheckpointError else { return XCTFail("\($0)") }
        }
        bytes[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try CheckpointImage.Loaded(path: temporaryFile(bytes, name: "magic"))) {
            guard case .notAnImage = $0 as? CheckpointError else { return XCTFail("\($0)") }
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}
