import TernCore

/// Pausing a guest at exact instruction counts (`GuestVM.run(instructions:)`).
///
/// `pauseAt` counts the instructions this run retired, all threads together;
/// guest threads take turns holding the run lock, so the count is exact and
/// the same on every run of the same guest with the same inputs. At the
/// count, the thread that reached it calls `pauseHandler` at its block
/// boundary while it holds the run lock: every other guest thread is then
/// waiting for the lock or blocked in a system call, and no guest code runs
/// until the handler returns.
extension LinuxProcess {
    /// Instructions this run retired (all threads, exited ones included).
    var instructionsThisRun: UInt64 { syscalls.instructionsRetired() &- retiredAtStart }

    /// Whether the pause is due now.
    var pauseDue: Bool {
        guard let n = pauseAt else { return false }
        return instructionsThisRun >= n
    }
}
