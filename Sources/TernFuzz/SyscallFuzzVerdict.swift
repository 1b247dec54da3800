/// How one run of a syscall fuzz program ended: the return values it wrote
/// (one per call that returned, in order) and its exit status (128+N when a
/// signal ended it; 137 when the time limit's SIGKILL did).
public struct SyscallRunEnd: Sendable, Equatable {
    public var results: [Int64]
    public var status: Int32
    public var stderr: String

    public init(results: [Int64], status: Int32, stderr: String = "") {
        self.results = results; self.status = status; self.stderr = stderr
    }

    /// The results as the harness writes them: little-endian 64-bit words (a torn last word is dropped).
    public init(output: [UInt8], status: Int32, stderr: String) {
        let words = stride(from: 0, to: output.count - output.count % 8, by: 8).map { o in
            Int64(bitPattern: (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(output[o + $1]) << (8 * UInt64($1)) })
        }
        self.init(results: words, status: status, stderr: stderr)
    }

    /// The status `timeout -s KILL` reports when the time limit ended the run.
    public static let timedOut: Int32 = 137

    /// Whether the run made all `count` calls and exited 0 (what the harness always does).
    public func completed(_ count: Int) -> Bool { status == 0 && results.count == count && !crashText }

    /// Whether the output shows a host-side runtime failure (Swift's trap message).
    var crashText: Bool { stderr.contains("Fatal error") }
}

/// What the reference for one call was.
public enum SyscallReference: String, Sendable {
    /// The same call made natively on x86-64 (the host kernel's own answer).
    case linux = "Linux"
    /// qemu-riscv64 (calls x86-64 Linux lacks, or when the native run stopped early).
    case qemu
}

/// One observation about a fuzz program. Only `isTernFailure` ones fail a campaign.
public enum SyscallFinding: Sendable, Equatable {
    /// Tern died before call `call` returned: a signal, a runtime trap, or an exit the native run did not make.
    case ternCrash(call: Int, status: Int32)
    /// Tern did not finish within the time limit; call `call` had not returned.
    case ternHang(call: Int)
    /// Call `call` returned something else under tern than under the reference.
    case mismatch(call: Int, tern: Int64, reference: Int64, against: SyscallReference, qemu: Int64?)
    /// qemu-riscv64 died (or hung) on call `call`: qemu's failure, not tern's. Calls from
    /// there on are compared with Linux only.
    case qemuCrash(call: Int, status: Int32)
    /// qemu answered call `call` differently from Linux, and tern agrees with Linux.
    case qemuDeviation(call: Int, qemu: Int64, linux: Int64)
    /// The native run stopped at call `call` (a harness problem: its later calls have qemu as the reference).
    case nativeStopped(call: Int, status: Int32)

    /// Whether this finding fails the campaign.
    public var isTernFailure: Bool {
        switch self {
        case .ternCrash, .ternHang, .mismatch: return true
        case .qemuCrash, .qemuDeviation, .nativeStopped: return false
        }
    }
}

/// The judgement of one program: what was compared and what was found.
public struct SyscallVerdict: Sendable, Equatable {
    public var findings: [SyscallFinding] = []
    /// Calls whose tern result was compared with Linux's, and with qemu's only.
    public var comparedWithLinux = 0, comparedWithQemu = 0

    /// Compares the three runs of `calls`: tern's and qemu's of the riscv64
    /// program and the native run of the x86-64 one (nil when there is none).
    ///
    /// Each call tern returned from is compared, by its `FuzzCompare`, with
    /// Linux's answer when x86-64 has the call and the native run got there,
    /// otherwise with qemu's. Tern must complete the program as the native run
    /// does: dying or hanging is a failure whatever the reference did. qemu
    /// dying is recorded with the call it died on and is not tern's failure.
    public static func judge(_ calls: [FuzzCall], tern: SyscallRunEnd, qemu: SyscallRunEnd, native: SyscallRunEnd?) -> SyscallVerdict {
        var v = SyscallVerdict()
        let n = calls.count
        if !tern.completed(n) {
            let sameEnd = native.map { $0.status == tern.status && $0.results.count == tern.results.count } ?? false
            if tern.status == SyscallRunEnd.timedOut {
                v.findings.append(.ternHang(call: tern.results.count))
            } else if !sameEnd || tern.crashText {
                v.findings.append(.ternCrash(call: tern.results.count, status: tern.status))
            }
        }
        if !qemu.completed(n) { v.findings.append(.qemuCrash(call: qemu.results.count, status: qemu.status)) }
        if let native, !native.completed(n) { v.findings.append(.nativeStopped(call: native.results.count, status: native.status)) }
        for (i, call) in calls.enumerated() where i < tern.results.count {
            let t = tern.results[i]
            let q = i < qemu.results.count ? qemu.results[i] : nil
            let linux = call.syscallIsNative ? native.flatMap { i < $0.results.count ? $0.results[i] : nil } : nil
            guard call.compare != .none, let reference = linux ?? q else { continue }
            if linux != nil { v.comparedWithLinux += 1 } else { v.comparedWithQemu += 1 }
            if !call.compare.same(t, reference) {
                v.findings.append(.mismatch(call: i, tern: t, reference: reference, against: linux != nil ? .linux : .qemu, qemu: q))
            } else if let linux, let q, !call.compare.same(q, linux) {
                v.findings.append(.qemuDeviation(call: i, qemu: q, linux: linux))
            }
        }
        return v
    }
}

extension FuzzCompare {
    /// Whether a return value is -errno (-4095...-1).
    static func isError(_ v: Int64) -> Bool { v < 0 && v >= -4095 }

    /// Whether two return values count as the same answer.
    func same(_ a: Int64, _ b: Int64) -> Bool {
        switch self {
        case .exact: return a == b
        case .errno: return a == b || (!Self.isError(a) && !Self.isError(b))
        case .none: return true
        }
    }
}

extension FuzzCall {
    /// Whether x86-64 Linux has this call with the same meaning.
    var syscallIsNative: Bool { SyscallFuzzTable.calls[syscall].native }
}
