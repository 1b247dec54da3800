import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("memfd_create")
func host_memfd_create(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// The /proc files whose host contents would describe tern instead of the
/// guest, synthesized from the guest's view as qemu-user does: its memory map,
/// auxiliary vector, command line, executable, and a riscv64 /proc/cpuinfo.
extension SyscallHandler {
    /// The ISA string of the guest's CPU model (`--cpu`), as Linux prints it.
    var isaString: String { modelExtensions.isaString }

    /// Which synthesized file `path` names, if any.
    enum ProcEntry: Equatable { case maps, auxv, cmdline, cpuinfo, stat }

    /// Parses /proc/self/X, /proc/thread-self/X and /proc/<own pid>/X.
    func procEntry(_ path: [UInt8]) -> ProcEntry? {
        let s = String(decoding: path, as: UTF8.self)
        if s == "/proc/cpuinfo" { return .cpuinfo }
        let parts = s.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "proc" else { return nil }
        let pid = String(self.pid)
        guard parts[1] == "self" || parts[1] == "thread-self" || parts[1] == pid else { return nil }
        switch parts[2] {
        case "maps": return .maps
        case "auxv": return .auxv
        case "cmdline": return .cmdline
        case "stat": return .stat
        default: return nil
        }
    }

    /// Contents of a synthesized file.
    func procContents(_ entry: ProcEntry) -> [UInt8] {
        switch entry {
        case .maps: return Array(procMaps().utf8)
        case .cmdline: return argumentBytes.flatMap { $0 + [0] }
        case .cpuinfo: return Array(procCPUInfo().utf8)
        case .stat: return Array(procStat().utf8)
        case .auxv:
            var w = StructWriter(size: auxv.count * 16)
            for (i, (key, value)) in auxv.enumerated() { w.put(key, at: i * 16); w.put(value, at: i * 16 + 8) }
            return w.bytes
        }
    }

    /// /proc/self/maps in guest addresses, one line per region.
    func procMaps() -> String {
        var out = ""
        for r in vmas(0, GuestMemory.size) {  // one line per VMA, as Linux merges them
            let p = r.protection
            let perms = (p.contains(.read) ? "r" : "-") + (p.contains(.write) ? "w" : "-")
                + (p.contains(.execute) ? "x" : "-") + (r.shared ? "s" : "p")
            let range = "\(hex(r.start, width: 8))-\(hex(r.end, width: 8))"
            let line = "\(range) \(perms) \(hex(r.fileOffset ?? 0, width: 8)) 00:00 0"
            let name = r.name.hasPrefix("/") ? paths.guest(r.name) : r.name  // file names as the guest knows them
            out += name.isEmpty ? line + "\n" : line + String(repeating: " ", count: max(1, 73 - line.count)) + name + "\n"
        }
        return out
    }

    /// One riscv64 hart per host CPU, with Tern's ISA string.
    func procCPUInfo() -> String {
        let cpus = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return (0 ..< cpus).map { "processor\t: \($0)\nhart\t\t: \($0)\nisa\t\t: \(isaString)\nmmu\t\t: sv39\n\n" }.joined()
    }

    /// /proc/self/stat with the guest's command name and stack start.
    func procStat() -> String {
        let name = String(decoding: threadName, as: UTF8.self)
        let fields: [String] = [String(pid), "(\(name))", "R", String(getppid()), String(getpgrp()), String(getsid(0))]
            + [String](repeating: "0", count: 21) + [String(stackStart)] + [String](repeating: "0", count: 24)
        return fields.joined(separator: " ") + "\n"
    }

    /// An open descriptor reading `bytes` from offset 0 (a sealed-size memfd).
    func openSynthetic(_ bytes: [UInt8], flags: Int32) -> Int64 {
        let cloexec: UInt32 = flags & O_CLOEXEC != 0 ? 1 : 0  // MFD_CLOEXEC
        let fd = host_memfd_create("tern-proc", cloexec)
        guard fd >= 0 else { return Errno.lastHostError() }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { close(fd); return -Errno.EIO }
            off += n
        }
        lseek(fd, 0, SEEK_SET)
        return Int64(fd)
    }
}

/// `value` in lower-case hex, zero-padded to `width` digits.
func hex(_ value: UInt64, width: Int) -> String {
    let s = String(value, radix: 16)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
