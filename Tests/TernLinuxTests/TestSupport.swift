import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Builds small ELF images for loader tests.
struct ELFBuilder {
    var type: UInt16 = 2
    var machine: UInt16 = 243
    var flags: UInt32 = 0x5  // RVC | double-float
    var entry: UInt64 = 0x10078
    var phentsize: UInt16 = 56
    /// (type, flags, offset, vaddr, filesz, memsz)
    var segments: [(UInt32, UInt32, UInt64, UInt64, UInt64, UInt64)] = []
    var payload: [UInt8] = []
    var interpreter: String?

    /// A valid static executable: one RX segment mapping the whole file at 0x10000 plus a bss segment.
    static func valid(code: [UInt8] = [0x73, 0x00, 0x10, 0x00]) -> ELFBuilder {
        var b = ELFBuilder()
        b.payload = code
        return b
    }

    func bytes() -> [UInt8] {
        var phdrs = segments
        let headerEnd = 64 + 56 * (2 + (interpreter == nil ? 0 : 1))
        let fileSize = UInt64(headerEnd + payload.count + (interpreter.map { $0.utf8.count + 1 } ?? 0))
        if phdrs.isEmpty {
            phdrs = [(1, 5, 0, 0x10000, fileSize, fileSize),
                     (1, 6, 0, 0x20000, 0, 0x2000)]
            if let interpreter {
                phdrs.append((3, 4, UInt64(headerEnd + payload.count), 0, UInt64(interpreter.utf8.count + 1), UInt64(interpreter.utf8.count + 1)))
            }
        }
        var w = [UInt8](repeating: 0, count: 64)
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int, into a: inout [UInt8]) {
            for i in 0 ..< MemoryLayout<T>.size { a[o + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) }
        }
        w[0] = 0x7f; w[1] = 0x45; w[2] = 0x4c; w[3] = 0x46; w[4] = 2; w[5] = 1; w[6] = 1
        put(type, 16, into: &w); put(machine, 18, into: &w); put(UInt32(1), 20, into: &w)
        put(entry, 24, into: &w); put(UInt64(64), 32, into: &w); put(flags, 48, into: &w)
        put(UInt16(64), 52, into: &w); put(phentsize, 54, into: &w); put(UInt16(phdrs.count), 56, into: &w)
        for p in phdrs {
            var h = [UInt8](repeating: 0, count: 56)
            put(p.0, 0, into: &h); put(p.1, 4, into: &h); put(p.2, 8, into: &h); put(p.3, 16, into: &h)
            put(p.3, 24, into: &h); put(p.4, 32, into: &h); put(p.5, 40, into: &h); put(UInt64(0x1000), 48, into: &h)
            w += h
        }
        w += payload
        if let interpreter { w += Array(interpreter.utf8) + [0] }
        return w
    }
}

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "elf") -> String {
    let dir = NSTemporaryDirectory() + "ternlinux-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// The repository root (for Samples/out).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    for _ in 0 ..< 3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The path of the built sample `name` (Samples/out); a failure naming
/// `make samples` when it has not been built.
func builtSample(_ name: String) throws -> String {
    let path = repositoryRoot + "/Samples/out/" + name
    guard FileManager.default.fileExists(atPath: path) else { throw MissingPrerequisite(path, hint: "make samples") }
    return path
}

/// The number of host threads this test process has now.
func hostThreadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
}
