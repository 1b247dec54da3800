import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Limits of an embedded guest (`GuestVM.Limits` sets them). A guest that
/// reaches the instruction limit or is stopped (`LinuxProcess.requestStop`,
/// the wall-time limit) ends as a process whose CPU-time limit ran out on
/// Linux does: killed by SIGXCPU, with a message saying which limit.
public struct ProcessLimits: Sendable, Equatable {
    /// Guest instructions this run may retire (all threads); nil: no limit.
    public var instructions: UInt64?

    /// Limits; nil means none.
    public init(instructions: UInt64? = nil) {
        self.instructions = instructions
    }
}

/// Why `LinuxProcess.requestStop` stopped a guest.
public enum StopRequest: Int, Sendable {
    case wallTime = 1
    case caller = 2
}

extension LinuxProcess {
    /// SIGXCPU.
    static let limitSignal: Int32 = 24

    /// Stops the guest at the next block boundary of each of its threads
    /// (callable from any thread): `run()` then returns `.signaled(SIGXCPU, ...)`.
    /// A thread waiting in a blocking system call is stopped when the call returns.
    public func requestStop(_ why: StopRequest = .caller) {
        stopRequest.store(why.rawValue, ordering: .sequentiallyConsistent)
        machine.interruptAllHarts()
    }

    /// The end the embedder or the wall-time limit asked for, or nil.
    func requestedEnd() -> ProcessExit? {
        switch StopRequest(rawValue: stopRequest.load(ordering: .sequentiallyConsistent)) {
        case .wallTime?: return .signaled(Self.limitSignal, message: "tern: guest stopped: wall-time limit reached")
        case .caller?: return .signaled(Self.limitSignal, message: "tern: guest stopped by the embedder")
        case nil: return nil
        }
    }
}

/// What an embedder does with one system call (`GuestVM.Configuration.syscalls`).
public enum SyscallPolicy: Sendable {
    /// The call fails with EPERM, as a seccomp filter returning EPERM would.
    case deny
    /// The embedder serves the call: the result (a negative errno for an
    /// error) goes to the guest's a0. The closure runs on the guest's thread
    /// with the guest's memory at hand.
    case handle(@Sendable (SyscallArgs, GuestMemory) -> Int64)
}
