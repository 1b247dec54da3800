import TernCore

/// A paused guest frozen in memory (`GuestVM.snapshot()`).
extension GuestVM {
    /// A paused guest frozen in memory, to fork any number of copies from
    /// (`GuestVM(forking:stdin:)`). Its pages are copied once, when it is
    /// taken; forks share them copy-on-write (`MemorySnapshot`). Registers,
    /// signal state, descriptors (regular files by path and offset; stdin,
    /// stdout and stderr become the fork's own), working directory, limits
    /// and timers are kept as a checkpoint keeps them (docs/CHECKPOINT.md).
    public final class Snapshot: @unchecked Sendable {
        /// The configuration of the VM it was taken from (a fork's limits and policies).
        public let configuration: Configuration
        /// Guest instructions retired when it was taken.
        public let instructions: UInt64
        let state: ProcessState
        /// Its guest memory (what a fork maps copy-on-write).
        public let memory: MemorySnapshot
        /// Bytes of guest memory it holds (its copied pages).
        public var memoryBytes: UInt64 { memory.bytesSaved }

        init(configuration: Configuration, instructions: UInt64, state: ProcessState, memory: MemorySnapshot) {
            self.configuration = configuration
            self.instructions = instructions
            self.state = state
            self.memory = memory
        }
    }
}
