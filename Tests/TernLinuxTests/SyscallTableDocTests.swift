import Foundation
import XCTest
@testable import TernLinux

/// docs/SYSCALLS.md is generated from the syscall table (`tern syscalls`) and
/// must stay current; every call of the riscv64 table has an entry that
/// `--strace` can decode.
final class SyscallTableDocTests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func testCheckedInDocumentIsCurrent() throws {
        let checkedIn = try String(contentsOfFile: Self.root + "/docs/SYSCALLS.md", encoding: .utf8)
        XCTAssertEqual(checkedIn, SyscallHandler.tableDocument(),
                       "docs/SYSCALLS.md is stale: regenerate it with `.build/release/tern syscalls > docs/SYSCALLS.md`")
    }

    func testEveryNumberHasAnEntryWithStraceFormats() {
        XCTAssertEqual(Set(SyscallHandler.table.keys), Set(SyscallNames.names.keys))
        for (number, entry) in SyscallHandler.table {
            XCTAssertEqual(entry.name, SyscallNames.names[number])
            XCTAssertNotNil(entry.formats, entry.name)
        }
        XCTAssertEqual(SyscallNames.names.keys.max(), 462, "mseal, the last call of Linux 6.12")
        XCTAssertEqual(SyscallNames.names.count, 320)
    }

    func testCallsNamedInIssue18AreServed() {
        for name in ["close_range", "setfsuid", "setfsgid", "sched_setaffinity", "sched_getaffinity", "sched_setscheduler",
                     "sched_getparam", "clock_settime", "sethostname", "fchmodat2", "riscv_flush_icache",
                     "timerfd_create", "timerfd_settime", "timerfd_gettime", "splice", "tee", "vmsplice"] {
            let entry = SyscallHandler.table[SyscallNames.number(name)!]!
            XCTAssertFalse(entry.status.isUnimplemented, name)
            if case .absentInLinux = entry.status { XCTFail("\(name) exists in Linux") }
        }
    }
}
