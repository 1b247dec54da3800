import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// How one argument of a syscall that the host kernel serves reaches it.
///
/// riscv64 and x86-64 Linux agree on integer arguments, flags, errno values
/// and the layout of every structure the passed-through calls use (both are
/// LP64 with asm-generic types), so only pointers need translating: a guest
/// address becomes the host address of the same guest byte, and the host
/// kernel then reads or writes guest memory itself. Unmapped guest pages are
/// `PROT_NONE` in the host, so a bad pointer gives EFAULT at the point the
/// kernel touches it, exactly as on Linux.
enum HostArgument: Sendable, Equatable {
    /// Integers, descriptors, flags, ids: passed as they are.
    case value
    /// A guest path: mapped through the sysroot (as `openat` does).
    case path
    /// A NUL-terminated string that is not a path (a host name, a key type).
    case string
    /// A guest buffer the kernel reads.
    case input
    /// A guest buffer of `size` bytes the kernel may write: translated code in
    /// it is dropped first, as for any host write.
    case output(HostBufferSize)
}

/// The byte count of an output buffer.
enum HostBufferSize: Sendable, Equatable {
    case bytes(Int)
    /// The value of argument `index`.
    case argument(Int)
    /// The value of argument `index` times `unit`.
    case argumentTimes(Int, Int)
}

extension SyscallEntry {
    /// A call the host kernel serves: arguments translated per `arguments`,
    /// `hostNumber` is its x86-64 number. `blocks`: it may wait, so it runs
    /// without the kernel lock (other guest threads go on meanwhile).
    static func host(_ name: String, _ hostNumber: Int, _ arguments: HostArgument..., blocks: Bool = false,
                     result: SyscallResultFormat = .int) -> SyscallEntry {
        let formats = arguments.map { a -> SyscallArgFormat in
            switch a {
            case .value: return .int
            case .path, .string: return .path
            case .input, .output: return .hex
            }
        }
        return SyscallEntry(name, formats: formats, result: result, status: .host, blocks: blocks) { handler, args in
            handler.passThrough(hostNumber, arguments, args, blocks: blocks)
        }
    }
}

extension SyscallHandler {
    /// The host address of guest address `address` for the host kernel (0 stays
    /// NULL; an address outside guest memory becomes one the kernel rejects).
    func hostAddress(_ address: UInt64) -> Int {
        if address == 0 { return 0 }
        guard address < GuestMemory.size else { return -4096 }  // in the kernel half: EFAULT
        return Int(bitPattern: memory.host(address))
    }

    /// Calls host syscall `number` with `args` translated per `kinds`.
    func passThrough(_ number: Int, _ kinds: [HostArgument], _ args: SyscallArgs, blocks: Bool) -> Int64 {
        var values = [Int](repeating: 0, count: 6)
        var strings: [[UInt8]] = []  // host copies of paths and strings, alive for the call
        var stringSlots: [Int] = []
        for (i, kind) in kinds.enumerated() {
            switch kind {
            case .value:
                values[i] = Int(truncatingIfNeeded: args[i])
            case .input:
                values[i] = hostAddress(args[i])
            case .output(let size):
                let count: UInt64
                switch size {
                case .bytes(let n): count = UInt64(n)
                case .argument(let j): count = args[j]
                case .argumentTimes(let j, let unit): count = args[j].multipliedReportingOverflow(by: UInt64(unit)).partialValue
                }
                if args[i] != 0, count > 0, count < GuestMemory.size {
                    // Drops translations of code the kernel is about to overwrite; an
                    // inaccessible buffer is left for the kernel to reject.
                    _ = memory.pointer(args[i], length: min(count, GuestMemory.size - args[i] % GuestMemory.size), .write)
                }
                values[i] = hostAddress(args[i])
            case .path, .string:
                if args[i] == 0 { values[i] = 0; continue }
                switch guestPath(args[i]) {
                case .failure(let e): return -e.errno
                case .success(let bytes):
                    strings.append((kind == .path ? hostPath(bytes) : bytes) + [0])
                    stringSlots.append(i)
                }
            }
        }
        return withHostStrings(strings, stringSlots, &values) { values in
            let call = { host_syscall(number, values[0], values[1], values[2], values[3], values[4], values[5]) }
            let r = blocks ? blocking(call) : call()
            return r == -1 ? Errno.lastHostError() : Int64(r)
        }
    }

    /// Pins each string's bytes and stores its address in its argument slot.
    private func withHostStrings(_ strings: [[UInt8]], _ slots: [Int], _ values: inout [Int],
                                 _ body: ([Int]) -> Int64) -> Int64 {
        guard let first = strings.first else { return body(values) }
        return first.withUnsafeBufferPointer { buffer in
            values[slots[0]] = Int(bitPattern: buffer.baseAddress)
            var rest = values
            return withHostStrings(Array(strings.dropFirst()), Array(slots.dropFirst()), &rest, body)
        }
    }
}
