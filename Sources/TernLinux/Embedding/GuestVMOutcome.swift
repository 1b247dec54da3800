import TernCore

/// How a VM's run, start or snapshot turned out.
extension GuestVM {
    /// How a run ended.
    public struct Result: Sendable {
        /// The guest's exit status, or its fatal signal and message (SIGXCPU for a limit).
        public var exit: ProcessExit
        /// Everything the guest wrote to stdout.
        public var stdout: [UInt8]
        /// Everything the guest wrote to stderr.
        public var stderr: [UInt8]
        /// Guest instructions retired (all threads).
        public var instructions: UInt64
        /// The limit that stopped the guest, if one did.
        public var limitReached: LimitKind?
    }

    /// Which limit stopped a guest.
    public enum LimitKind: Sendable, Equatable {
        case instructions, wallTime
    }

    /// Why a VM could not start.
    public enum StartError: Error, CustomStringConvertible, Sendable {
        /// The executable could not be loaded (one line, as `tern run` prints it).
        case load(String)
        /// A host resource (a thread, a descriptor, the address space) was unavailable.
        case host(String)

        public var description: String {
            switch self {
            case .load(let s), .host(let s): s
            }
        }
    }

    /// Where a VM stands after `run(instructions:)`.
    public enum Stop: Sendable {
        /// Paused once the budget was spent: `instructions` retired in all
        /// (a fork counts its snapshot's too).
        case paused(instructions: UInt64)
        /// The guest ended (or was ended by a limit).
        case ended(Result)
    }

    /// Why `snapshot()` failed.
    public enum SnapshotError: Error, CustomStringConvertible, Sendable {
        /// The guest has ended: nothing is left to save.
        case ended
        /// The host refused memory for the snapshot.
        case host(String)

        public var description: String {
            switch self {
            case .ended: "the guest has ended"
            case .host(let s): s
            }
        }
    }
}
