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
/// kernel touches it, exactly as on Linux (`KernelArguments`).
enum HostArgument: Sendable, Equatable {
    /// Integers, descriptors, flags: passed as they are.
    case value
    /// A process or thread id: the guest's ids become the host's (`hostID`).
    case pid
    /// A guest path looked up relative to the working directory: mapped through the sysroot (as `openat` does).
    case path
    /// A guest path looked up relative to the directory descriptor in argument `index`.
    case pathAt(Int)
    /// A NUL-terminated string that is not a path (a host name, a key type, an attribute name).
    case string
    /// A small guest structure the kernel reads.
    case input
    /// A guest buffer of `size` bytes the kernel reads (checking the whole range first).
    case inputBytes(HostBufferSize)
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
    /// The value of argument `index` as a C `unsigned int` (its low 32 bits).
    case argumentUInt32(Int)
    /// The value of argument `index`, at most `limit` (the kernel writes no more, without checking the rest).
    case argumentAtMost(Int, Int)
    /// The `socklen_t` the guest keeps at the address in argument `index`, at most `limit` (0 when unreadable).
    case guestLength(Int, Int)
}

extension SyscallEntry {
    /// A call the host kernel serves: arguments translated per `arguments`,
    /// `hostNumber` is its x86-64 number. `blocks`: it may wait, so it runs
    /// without the kernel lock (other guest threads go on meanwhile).
    /// `strace`: how `--strace` shows the arguments (default: from their kinds).
    static func host(_ name: String, _ hostNumber: Int, _ arguments: HostArgument..., strace: [SyscallArgFormat]? = nil,
                     blocks: Bool = false, result: SyscallResultFormat = .int) -> SyscallEntry {
        let formats = strace ?? arguments.map { a -> SyscallArgFormat in
            switch a {
            case .value, .pid: return .int
            case .path, .pathAt, .string: return .path
            case .input, .inputBytes, .output: return .hex
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
    func hostAddress(_ address: UInt64) -> Int { kernelBuffer(address, 0) }

    /// The byte count `size` gives for arguments `args`.
    private func count(_ size: HostBufferSize, _ args: SyscallArgs) -> UInt64 {
        switch size {
        case .bytes(let n): return UInt64(n)
        case .argument(let j): return args[j]
        case .argumentTimes(let j, let unit): return args[j].multipliedReportingOverflow(by: UInt64(unit)).partialValue
        case .argumentUInt32(let j): return args[j] & 0xffff_ffff
        case .argumentAtMost(let j, let limit): return min(args[j], UInt64(limit))
        case .guestLength(let j, let limit): return UInt64(min((try? memory.load(args[j], as: UInt32.self)) ?? 0, UInt32(limit)))
        }
    }

    /// Calls host syscall `number` with `args` translated per `kinds` (`KernelArguments`).
    func passThrough(_ number: Int, _ kinds: [HostArgument], _ args: SyscallArgs, blocks: Bool) -> Int64 {
        var values = [Int](repeating: 0, count: 6)
        var paths: [(slot: Int, dirfd: Int32)] = []
        for (i, kind) in kinds.enumerated() {
            switch kind {
            case .value: values[i] = Int(truncatingIfNeeded: args[i])
            case .pid: values[i] = Int(hostID(Int32(truncatingIfNeeded: args[i])))
            case .string, .input: values[i] = kernelString(args[i])
            case .inputBytes(let size): values[i] = kernelBuffer(args[i], count(size, args))
            case .output(let size): values[i] = kernelBuffer(args[i], count(size, args), writes: true)
            case .path: paths.append((i, AT_FDCWD))
            case .pathAt(let j): paths.append((i, args.int32(j)))
            }
        }
        return withKernelPaths(paths[...], args, &values) { values in
            let call = { host_syscall(number, values[0], values[1], values[2], values[3], values[4], values[5]) }
            let r = blocks ? blocking(call) : call()
            return r == -1 ? Errno.lastHostError() : Int64(r)
        }
    }

    /// Puts each path's host address in its argument slot (`withKernelPath`) and calls `body`.
    private func withKernelPaths(_ paths: ArraySlice<(slot: Int, dirfd: Int32)>, _ args: SyscallArgs, _ values: inout [Int],
                                 _ body: ([Int]) -> Int64) -> Int64 {
        guard let first = paths.first else { return body(values) }
        var rest = values
        return withKernelPath(args[first.slot], dirfd: first.dirfd) { pointer in
            rest[first.slot] = pointer
            return withKernelPaths(paths.dropFirst(), args, &rest, body)
        }
    }
}
