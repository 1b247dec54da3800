/// One fuzzed call as issued: the syscall and its six argument values.
public struct FuzzCall: Sendable, Equatable {
    public var syscall: Int
    public var args: [UInt64]
    public var number: UInt64 { SyscallFuzzTable.calls[syscall].number }
    public var name: String { SyscallFuzzTable.calls[syscall].name }
    public var compare: FuzzCompare { SyscallFuzzTable.calls[syscall].compare }
}

/// The architectures a fuzz program is built for: riscv64 (run by tern and
/// qemu-riscv64) and the host's x86-64 (the same calls made natively, so the
/// host kernel gives Linux's own answer to each).
public enum FuzzArchitecture: String, Sendable, CaseIterable {
    case riscv64
    case x86_64
}

/// The guest program of the syscall fuzzer: assembly without libc, for
/// riscv64 and, with the same calls and the same data, for x86-64.
///
/// Set-up: stdout moves to descriptor 1000 (the result channel; the fuzzed
/// calls never name 1000), /dev/null becomes descriptors 1 and 2, SIGPIPE is
/// ignored (and stays so: the fuzzed rt_sigaction never names it), a 64 KiB arena is mapped at `arena` for the memory calls, the
/// 64 KiB output area at `outArea` (nothing mapped after it), one page at
/// `halfMapped` with an unmapped page after it, and the paths and fixtures
/// are copied to their read-only and writable areas. The descriptor pool is made
/// by the first calls of every program (`SyscallFuzzPool`). Then a loop issues
/// each call of a read-only table of (number, six arguments) and writes its
/// return value to descriptor 1000 at once, so a run that dies still tells
/// which calls returned and what.
public enum SyscallFuzzHarness {
    public static let arena: UInt64 = 0x2000_0000, arenaSize: UInt64 = 0x10000
    /// One page with an unmapped page after it, for buffers the kernel writes.
    public static let halfMapped: UInt64 = 0x2100_0000
    /// One read-only page of 'A's with an unmapped page after it, for inputs
    /// (strings and structures that run into the unmapped page). Apart from
    /// `halfMapped`, so no input reads what an output wrote: outputs differ by
    /// architecture (struct layouts, inode numbers, times).
    public static let halfMappedInput: UInt64 = 0x2102_0000
    /// The scratch buffer the kernel writes (`output` arguments), mapped at a
    /// fixed address on both architectures so what follows it is the same (nothing).
    public static let outArea: UInt64 = 0x2200_0000
    public static let outSize = 0x10000
    /// The paths and fixtures: a read-only and a writable copy, at fixed
    /// addresses with nothing mapped after them, so that what lies after each
    /// (a buffer running past its data) is the same on both architectures.
    public static let readOnlyArea: UInt64 = 0x2300_0000, writableArea: UInt64 = 0x2400_0000, dataSize: UInt64 = 0x10000
    /// Addresses nothing maps: low, past the address space, the pages after the half-mapped ones, kernel space.
    public static let unmapped: [UInt64] = [0x10, 0x100_0000_0000_0000, halfMapped + 0x1000, halfMappedInput + 0x1000, 0xffff_ffff_ffff_f000]
    /// The result channel.
    public static let resultFD = 1000

    /// Path names (relative to the run's scratch directory, or invalid). None
    /// climbs out of it: chdir("..") would put later runs' files in reach.
    public static let paths: [[UInt8]] = [
        Array("f0".utf8), Array("f1".utf8), Array("d0".utf8), Array("d0/f2".utf8), Array("l0".utf8), Array("new0".utf8),
        Array("new1".utf8), Array("d1".utf8), Array("s0".utf8), [], Array("/nonexistent/x".utf8), Array(".".utf8),
        Array("f0/x".utf8), [UInt8](repeating: UInt8(ascii: "n"), count: 300), [UInt8](repeating: UInt8(ascii: "a"), count: 5000),
        [UInt8(ascii: "n"), 0xff, 0xfe, 0x80], Array("d0/.".utf8),
        Array("user.tern".utf8), Array("trusted.x".utf8), Array("d0/../f1".utf8),
    ]

    /// Fixtures of each kind (read-only copy `ro_`, writable copy `rw_`).
    static func fixtureCount(_ f: FuzzFixture) -> Int {
        switch f {
        case .timespec: return 4
        case .sigset: return 3
        case .sigaction: return 2
        case .iovec: return 3
        case .msghdr: return 2
        case .sockaddr: return 2
        case .epollEvent: return 1
        case .flock: return 2
        case .timerValue: return 1
        case .pollfd: return 1
        case .length: return 6
        case .offset: return 4
        case .fdSet: return 3
        }
    }

    /// The fixtures' data, one `.8byte`/`.byte` block per fixture (same text in .rodata and .data).
    static func fixtureData(_ f: FuzzFixture, _ i: Int, prefix: String) -> String {
        func words(_ w: [String]) -> String { "\t.8byte " + w.joined(separator: ", ") + "\n" }
        switch f {
        case .timespec: return words([["0", "1000"], ["0", "0"], ["-1", "0"], ["0", "1000000000"]][i])
        case .sigset: return words([["-1"], ["0"], ["0x200"]][i])
        // riscv64's struct sigaction (handler, flags, mask); x86-64 reads a restorer
        // before the mask, here 0, and the mask from the next word (also 0).
        case .sigaction: return words([["1", "0", "0", "0"], ["0", "0", "0", "0"]][i])
        case .iovec:
            return words([["out_area", "16", "out_area+100", "100"], ["0x10", "16", "out_area", "8"],
                          ["out_area", "0x4000000000000000", "out_area", "1"]][i])
        case .msghdr:
            return words([["0", "0", "\(prefix)iovec_0", "2", "0", "0", "0"],
                          ["\(prefix)sockaddr_0", "110", "\(prefix)iovec_1", "1", "out_area", "64", "0"]][i])
        case .sockaddr:
            return i == 0 ? "\t.2byte 1\n\t.ascii \"s0\"\n\t.zero 106\n" : "\t.2byte 0xffff\n\t.zero 108\n"
        case .epollEvent: return words(["0x80000001", "7"])
        case .flock: return "\t.2byte \(i == 0 ? 1 : 0), 0\n\t.4byte 0\n" + words(["0", "0"]) + "\t.4byte 0, 0\n"
        case .timerValue: return words(["0", "0", "0", "0"])
        case .pollfd:
            return (0 ..< 4).map { "\t.4byte \([3, 6, 8, 999][$0])\n\t.2byte 5, 0\n" }.joined()
        case .length: return "\t.4byte \([0, 4, 16, 110, 128, 0xffff_ffff][i]), 0\n"
        case .offset: return words([["0"], ["100"], ["-1"], ["0x4000000000000000"]][i])
        case .fdSet: return words([["0x148"], ["0xffff"], ["0"]][i]) + "\t.zero 120\n"
        }
    }

    /// The program issuing `calls`, for `arch`.
    public static func assembly(_ calls: [FuzzCall], for arch: FuzzArchitecture) -> String {
        let text: String
        switch arch {
        case .riscv64: text = riscv64Text(count: calls.count)
        case .x86_64: text = x86_64Text(count: calls.count)
        }
        return text + data(calls, for: arch)
    }

    /// An argument of a set-up call: a number, `=symbol` (its address) or `%register`.
    static func operand(_ arg: String, into register: String, riscv: Bool) -> String {
        if riscv {
            if arg.hasPrefix("=") { return "\tlla \(register), \(arg.dropFirst())\n" }
            if arg.hasPrefix("%") { return "\tmv \(register), \(arg.dropFirst())\n" }
            return "\tli \(register), \(arg)\n"
        }
        if arg.hasPrefix("=") { return "\tlea \(arg.dropFirst())(%rip), %\(register)\n" }
        if arg.hasPrefix("%") { return "\tmov \(arg), %\(register)\n" }
        return "\tmov $\(arg), %\(register)\n"
    }

    /// The set-up calls both architectures make (name, riscv64 number, arguments).
    static let setUp: [(String, Int, [String])] = [
        ("dup3", 24, ["1", "\(resultFD)", "0"]),
        ("openat", 56, ["-100", "=devnull", "2", "0"]),
        ("dup3", 24, ["%SAVED", "1", "0"]),
        ("dup3", 24, ["%SAVED", "2", "0"]),
        ("close", 57, ["%SAVED"]),
        ("rt_sigaction", 134, ["13", "=ignore", "0", "8"]),
        ("mmap", 222, ["\(arena)", "\(arenaSize)", "3", "0x32", "-1", "0"]),
        ("mmap", 222, ["\(halfMapped)", "4096", "3", "0x32", "-1", "0"]),
        ("mmap", 222, ["\(halfMappedInput)", "4096", "3", "0x32", "-1", "0"]),
        ("mmap", 222, ["\(outArea)", "\(outSize)", "3", "0x32", "-1", "0"]),
        ("mmap", 222, ["\(readOnlyArea)", "\(dataSize)", "3", "0x32", "-1", "0"]),
        ("mmap", 222, ["\(writableArea)", "\(dataSize)", "3", "0x32", "-1", "0"]),
        // No descriptor but 0, 1, 2 and the result channel: whatever the runner's process
        // let the program inherit would shift every descriptor number the calls return.
        ("close_range", 436, ["3", "\(resultFD - 1)", "0"]),
        ("close_range", 436, ["\(resultFD + 1)", "0xffffffff", "0"]),
    ]

    /// After the set-up calls: copy each blob to its area, then make the first read-only.
    static let copies: [(blob: String, area: UInt64)] = [("ro_blob", readOnlyArea), ("rw_blob", writableArea), ("a_page", halfMappedInput)]
    /// Areas made read-only once filled.
    static let readOnly: [(area: UInt64, size: UInt64)] = [(readOnlyArea, dataSize), (halfMappedInput, 4096)]

    /// The set-up and the loop in riscv64 assembly.
    static func riscv64Text(count: Int) -> String {
        var s = """
        # Generated by the Tern syscall fuzzer (Sources/TernFuzz/SyscallFuzzHarness.swift).
        \t.option norelax
        \t.text
        \t.globl _start
        _start:

        """
        for (i, (_, number, args)) in setUp.enumerated() {
            for (arg, reg) in zip(args, ["a0", "a1", "a2", "a3", "a4", "a5"]) {
                s += operand(arg.replacingOccurrences(of: "SAVED", with: "s1"), into: reg, riscv: true)
            }
            s += "\tli a7, \(number)\n\tecall\n"
            if i == 1 { s += "\tmv s1, a0\n" }
        }
        for (n, c) in copies.enumerated() {
            s += "\tlla t0, \(c.blob)\n\tli t1, \(c.area)\n\tlla t2, \(c.blob)_end\n"
            s += "2\(n):\tld t3, 0(t0)\n\tsd t3, 0(t1)\n\taddi t0, t0, 8\n\taddi t1, t1, 8\n\tbltu t0, t2, 2\(n)b\n"
        }
        for r in readOnly { s += "\tli a0, \(r.area)\n\tli a1, \(r.size)\n\tli a2, 1\n\tli a7, 226\n\tecall\n" }
        return s
            + """
            \tlla s2, calls
            \tlla s3, result
            \tli s4, \(count)
            1:\tld a7, 0(s2)
            \tld a0, 8(s2)
            \tld a1, 16(s2)
            \tld a2, 24(s2)
            \tld a3, 32(s2)
            \tld a4, 40(s2)
            \tld a5, 48(s2)
            \tecall
            \tsd a0, 0(s3)
            \tli a0, \(resultFD)
            \tmv a1, s3
            \tli a2, 8
            \tli a7, 64
            \tecall
            \taddi s2, s2, 56
            \taddi s4, s4, -1
            \tbnez s4, 1b
            \tli a0, 0
            \tli a7, 94
            \tecall

            """
    }

    /// The same set-up and loop in x86-64 assembly (preprocessed: `SYS_` names from <sys/syscall.h>).
    static func x86_64Text(count: Int) -> String {
        var s = """
        # Generated by the Tern syscall fuzzer (Sources/TernFuzz/SyscallFuzzHarness.swift).
        #include <sys/syscall.h>
        \t.text
        \t.globl _start
        _start:

        """
        for (i, (name, _, args)) in setUp.enumerated() {
            for (arg, reg) in zip(args, ["rdi", "rsi", "rdx", "r10", "r8", "r9"]) {
                s += operand(arg.replacingOccurrences(of: "SAVED", with: "rbx"), into: reg, riscv: false)
            }
            s += "\tmov $SYS_\(name), %eax\n\tsyscall\n"
            if i == 1 { s += "\tmov %rax, %rbx\n" }
        }
        for (n, c) in copies.enumerated() {
            s += "\tlea \(c.blob)(%rip), %rsi\n\tmov $\(c.area), %rdi\n\tlea \(c.blob)_end(%rip), %rdx\n"
            s += "2\(n):\tmov (%rsi), %rax\n\tmov %rax, (%rdi)\n\tadd $8, %rsi\n\tadd $8, %rdi\n\tcmp %rdx, %rsi\n\tjb 2\(n)b\n"
        }
        for r in readOnly { s += "\tmov $\(r.area), %rdi\n\tmov $\(r.size), %rsi\n\tmov $1, %rdx\n\tmov $SYS_mprotect, %eax\n\tsyscall\n" }
        return s
            + """
            \tlea calls(%rip), %r12
            \tmov $\(count), %r14
            1:\tmov 0(%r12), %rax
            \tmov 8(%r12), %rdi
            \tmov 16(%r12), %rsi
            \tmov 24(%r12), %rdx
            \tmov 32(%r12), %r10
            \tmov 40(%r12), %r8
            \tmov 48(%r12), %r9
            \tsyscall
            \tmov %rax, result(%rip)
            \tmov $\(resultFD), %edi
            \tlea result(%rip), %rsi
            \tmov $8, %edx
            \tmov $SYS_write, %eax
            \tsyscall
            \tadd $56, %r12
            \tdec %r14
            \tjnz 1b
            \txor %edi, %edi
            \tmov $SYS_exit_group, %eax
            \tsyscall

            """
    }

    /// Paths, fixtures (read-only and writable copies) and the call table.
    static func data(_ calls: [FuzzCall], for arch: FuzzArchitecture) -> String {
        var s = "\t.set out_area, \(outArea)\n\t.section .rodata\n"
        for (prefix, area) in [("ro_", readOnlyArea), ("rw_", writableArea)] {
            s += "\t.balign 8\n\(prefix)blob:\n"
            func item(_ name: String, _ body: String) -> String {
                "\t.set \(prefix)\(name), \(area) + (.L\(prefix)\(name) - \(prefix)blob)\n.L\(prefix)\(name):\n" + body + "\t.balign 8\n"
            }
            for (i, p) in paths.enumerated() {
                s += item("path_\(i)", "\t.byte " + (p + [0]).map(String.init).joined(separator: ",") + "\n")
            }
            for f in FuzzFixture.allCases {
                for i in 0 ..< fixtureCount(f) { s += item("\(f.rawValue)_\(i)", fixtureData(f, i, prefix: prefix)) }
            }
            s += "\(prefix)blob_end:\n"
        }
        s += "\t.balign 8\na_page:\n\t.fill 4096, 1, 0x41\na_page_end:\n"
        s += "ignore:\n\t.8byte 1, 0, 0, 0\n"  // struct sigaction of SIG_IGN (riscv64's; x86-64 reads a zero restorer)
        s += "devnull:\n\t.asciz \"/dev/null\"\n\t.balign 8\ncalls:\n"
        for c in calls {
            let number: String
            switch arch {
            case .riscv64: number = String(c.number)
            // A call x86-64 Linux lacks is made as an unknown number (ENOSYS there); only qemu's answer counts.
            case .x86_64: number = SyscallFuzzTable.calls[c.syscall].native ? "SYS_\(c.name)" : "-1"
            }
            s += "\t.8byte " + ([number] + c.args.map { symbolic($0) }).joined(separator: ", ") + "\n"
        }
        s += "\t.bss\n\t.balign 8\nresult:\n\t.zero 8\n"
        return s
    }

    /// Arguments are either numbers or symbol+offset references (`SymbolicValue`).
    static func symbolic(_ v: UInt64) -> String {
        if let sym = SymbolicValue.decode(v) { return sym }
        return "0x" + String(v, radix: 16)
    }
}

/// Pointers into the harness's own data are link-time symbols: the generator
/// encodes them in argument values with a tag the real values never carry
/// (bits 56...63 = 0xa5), decoded when the assembly is written.
enum SymbolicValue {
    static let tag: UInt64 = 0xa5 << 56
    /// Symbols by index: paths and fixtures (read-only then writable) and out_area.
    static let symbols: [String] = {
        var list = ["out_area"]
        for prefix in ["ro_", "rw_"] {
            for i in SyscallFuzzHarness.paths.indices { list.append("\(prefix)path_\(i)") }
            for f in FuzzFixture.allCases {
                for i in 0 ..< SyscallFuzzHarness.fixtureCount(f) { list.append("\(prefix)\(f.rawValue)_\(i)") }
            }
        }
        return list
    }()

    static func encode(_ symbol: String, offset: Int = 0) -> UInt64 {
        tag | UInt64(symbols.firstIndex(of: symbol)!) << 32 | UInt64(offset)
    }

    static func decode(_ v: UInt64) -> String? {
        guard v & (0xff << 56) == tag else { return nil }
        let index = Int((v >> 32) & 0xff_ffff), offset = Int(v & 0xffff_ffff)
        guard index < symbols.count else { return nil }
        return offset == 0 ? symbols[index] : "\(symbols[index])+\(offset)"
    }
}
