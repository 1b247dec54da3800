import JITRuntime
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The Tern host-call `ecall`: a guest calls a registered host C function.
///
/// Guest ABI (see Samples/include/tern.h):
///   a7 = 0x7465726e (ASCII "tern"; Linux's riscv64 syscall numbers are below 0x1000)
///   a0 = guest address of the function name (NUL-terminated)
///   a1 = guest address of the signature string (result letter, then one per
///        argument: i int32, l int64, f float, d double, p buffer, s string, v void)
///   a2 = guest address of the argument slots, 8 bytes each (integers in the low
///        bits, float and double as bit patterns; a buffer takes two slots: its
///        address and its byte length; a string one slot: its address)
///   a3 = guest address of an 8-byte result slot (ignored for void results)
/// Returns 0, or -ENOENT (function not registered), -EINVAL (signature differs
/// from the registered one, buffer shorter than the function needs), -EFAULT
/// (a pointer fails the guest memory check). Real Linux and qemu-riscv64 answer
/// -ENOSYS, which guests use to fall back to their own implementation.
extension SyscallHandler {
    /// a7 value of a Tern host call.
    public static let hostCallNumber = 0x7465_726e

    func sysHostCall(_ args: SyscallArgs) -> Int64 {
        let result = hostCall(args)
        if options.strace {
            let name = memory.readCString(args[0], maxLength: 256) ?? "0x" + hex(args[0])
            printError("tern: hostcall(\(name)) = \(result)")
        }
        return result
    }

    private func hostCall(_ args: SyscallArgs) -> Int64 {
        guard let name = memory.readCString(args[0], maxLength: 256),
              let signature = memory.readCString(args[1], maxLength: 16) else { return -Errno.EFAULT }
        guard let (function, call) = HostCallRegistry.shared.lookup(name) else { return -Errno.ENOENT }
        guard signature == function.signature else { return -Errno.EINVAL }
        let slotCount = function.arguments.reduce(0) { $0 + (isBuffer($1) ? 2 : 1) }
        guard let bytes = copyIn(args[2], slotCount * 8) else { return -Errno.EFAULT }
        let slots = stride(from: 0, to: bytes.count, by: 8).map { i in
            bytes[i..<i + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        if function.result != .void, guestPointer(args[3], 8, .write) == nil { return -Errno.EFAULT }

        var values: [UInt64] = []
        var copies: [UnsafeMutablePointer<CChar>] = []
        defer { copies.forEach { free($0) } }
        var next = 0
        for argument in function.arguments {
            let slot = slots[next]
            next += 1
            switch argument {
            case .buffer(let minimum):
                let length = slots[next]
                next += 1
                guard length >= max(minimum, 1) else { return -Errno.EINVAL }
                guard let host = memory.pointer(slot, length: length, [.read, .write]) else { return -Errno.EFAULT }
                values.append(UInt64(UInt(bitPattern: host)))
            case .string:
                guard let text = memory.readCString(slot, maxLength: 1 << 16), let copy = strdup(text) else {
                    return -Errno.EFAULT
                }
                copies.append(copy)
                values.append(UInt64(UInt(bitPattern: copy)))
            default:
                values.append(slot)
            }
        }
        var result: UInt64 = 0
        tern_hostcall_invoke(call, values, &result)
        if function.result != .void, !copyOut(args[3], value: result, size: 8) { return -Errno.EFAULT }
        return 0
    }

    private func isBuffer(_ type: HostCallType) -> Bool {
        if case .buffer = type { return true }
        return false
    }
}
