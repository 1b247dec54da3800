#if canImport(Glibc)
import Glibc
#endif

/// Guest timespecs. (Clocks and sleeps are the host kernel's: `struct timespec`/`timeval`
/// have the same layout on both ABIs; SyscallTable.swift.)
extension SyscallHandler {
    /// Reads a guest timespec; nil on a bad pointer.
    func readTimespec(_ address: UInt64) -> timespec? {
        guard let raw = copyIn(address, 16) else { return nil }
        let r = ByteReader(raw)
        return timespec(tv_sec: Int(Int64(bitPattern: r.u64(0))), tv_nsec: Int(Int64(bitPattern: r.u64(8))))
    }
}
