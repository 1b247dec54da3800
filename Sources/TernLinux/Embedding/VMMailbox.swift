#if canImport(Glibc)
import Glibc
#endif

/// The caller's side and the VM thread's side of one VM: commands one way, replies the other.
extension GuestVM {
    /// What the caller asks of the VM's thread.
    enum Command {
        case run(UInt64?), snapshot, output, end
    }

    /// What the VM's thread answers.
    enum Reply {
        /// A snapshot with descriptors in the table of host thread `tid` (the caller opens its own copies).
        /// The guest's output so far (`output`); at the end, `Result` holds it.
        case started, failed(StartError), paused(UInt64), snapshot(Swift.Result<Snapshot, SnapshotError>, tid: Int32), ended(Result)
        case output(stdout: [UInt8], stderr: [UInt8])
    }

    /// One command at a time from the caller to the VM's thread, one reply back.
    final class Mailbox: @unchecked Sendable {
        private var command = Command.end
        private var reply = Reply.started
        private var commands = sem_t(), replies = sem_t()
        init() {
            sem_init(&commands, 0, 0)
            sem_init(&replies, 0, 0)
        }
        deinit {
            sem_destroy(&commands)
            sem_destroy(&replies)
        }
        func send(_ c: Command) -> Reply {
            command = c
            sem_post(&commands)
            return awaitReply()
        }
        /// Sends `c` without waiting for a reply (`end` from a dropped VM).
        func post(_ c: Command) {
            command = c
            sem_post(&commands)
        }
        func awaitReply() -> Reply {
            while sem_wait(&replies) != 0 {}
            // The caller takes the reply: the mailbox keeps no reference to it.
            // A snapshot reply's files are in the VM thread's own descriptor
            // table, and whichever thread releases a `MemorySnapshot` last
            // closes its descriptor numbers in that thread's table: a reply
            // left here until the mailbox died on the caller's thread closed
            // the caller's descriptors of those numbers (libdispatch's epoll
            // descriptor under XCTest). The VM thread holds its own reference
            // until the caller's next command.
            defer { reply = .started }
            return reply
        }
        func next() -> Command {
            while sem_wait(&commands) != 0 {}
            return command
        }
        func answer(_ r: Reply) {
            reply = r
            sem_post(&replies)
        }
    }
}
