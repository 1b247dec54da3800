import TernCore

/// The host-target interface of Spike and the riscv-tests environments, as
/// seen through the `tohost`/`fromhost` mailboxes. A tohost value is
/// `device << 56 | command << 48 | payload`:
/// - device 0, command 0, odd payload `(code << 1) | 1` ends the run with `code`;
/// - device 1, command 1 writes the payload's low byte to stdout;
/// - device 0, command 0, even payload: the address of a syscall block
///   `[which, arg0, arg1, arg2, ...]` (8-byte words): write (64) and exit (93)
///   are served, others answer -ENOSYS. The result goes to word 0, tohost is
///   cleared and fromhost is set to 1, as riscv-tests' `syscall()` expects.
struct HTIF {
    let tohost: UInt64
    let fromhost: UInt64?
    /// Receives guest output: (file descriptor, bytes).
    let console: (Int32, [UInt8]) -> Void

    /// What a tohost write asked for.
    enum Request: Equatable {
        case none
        /// `(code << 1) | 1` was written.
        case exit(UInt64)
        /// The exit syscall was requested through a syscall block.
        case exitSyscall(UInt64)
    }

    static let sysWrite: UInt64 = 64
    static let sysExit: UInt64 = 93
    static let enosys = UInt64(bitPattern: -38)
    static let efault = UInt64(bitPattern: -14)
    static let ebadf = UInt64(bitPattern: -9)

    /// The page holding the mailboxes (kept read-only so guest stores reach `serve`).
    var page: UInt64 { GuestMemory.pageDown(tohost) }

    /// Handles the value now in tohost.
    func serve(_ memory: GuestMemory) -> Request {
        guard let value = try? memory.load(tohost, as: UInt64.self), value != 0 else { return .none }
        let device = value >> 56, command = (value >> 48) & 0xff, payload = value & (1 << 48 - 1)
        if device == 1 && command == 1 {
            console(1, [UInt8(truncatingIfNeeded: payload)])
            reply(memory, fromhostValue: value)
            return .none
        }
        guard device == 0 && command == 0 else {
            reply(memory, fromhostValue: nil)  // unknown device: consumed, no answer
            return .none
        }
        if payload & 1 == 1 { return .exit(payload >> 1) }
        let block = payload
        var words = [UInt64](repeating: 0, count: 4)
        for i in 0 ..< 4 { words[i] = (try? memory.load(block &+ UInt64(8 * i), as: UInt64.self)) ?? 0 }
        let result: UInt64
        switch words[0] {
        case Self.sysExit: return .exitSyscall(words[1])
        case Self.sysWrite: result = write(memory, fd: words[1], address: words[2], count: words[3])
        default: result = Self.enosys
        }
        _ = withBytes(of: result) { try? memory.writeInitial(block, $0) }
        reply(memory, fromhostValue: 1)
        return .none
    }

    private func write(_ memory: GuestMemory, fd: UInt64, address: UInt64, count: UInt64) -> UInt64 {
        guard fd == 1 || fd == 2 else { return Self.ebadf }
        guard count <= 1 << 24, let bytes = try? memory.read(address, count: Int(count)) else { return Self.efault }
        console(Int32(fd), bytes)
        return count
    }

    /// Clears tohost and posts `fromhostValue` (if any) to fromhost.
    private func reply(_ memory: GuestMemory, fromhostValue: UInt64?) {
        _ = withBytes(of: UInt64(0)) { try? memory.writeInitial(tohost, $0) }
        if let fromhost, let fromhostValue {
            _ = withBytes(of: fromhostValue) { try? memory.writeInitial(fromhost, $0) }
        }
    }

    private func withBytes<R>(of value: UInt64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(of: value.littleEndian, body)
    }
}
