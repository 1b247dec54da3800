import XCTest
@testable import TernLinux
import TernCore
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Guest thread lifecycle, as a program sees it under `tern run` (independent of how Tern
/// schedules its harts): clone with CLONE_PARENT_SETTID/CLONE_CHILD_SETTID/CLONE_CHILD_CLEARTID,
/// the clear_child_tid store and futex wake at thread exit, pthread create/join
/// with return values, pthread_exit, a thread's exit leaving the process running,
/// and exit_group from a thread ending every thread with its status.
final class ThreadLifecycleTests: XCTestCase {
    static let source = #"""
    #define _GNU_SOURCE
    #include <errno.h>
    #include <linux/futex.h>
    #include <pthread.h>
    #include <sched.h>
    #include <signal.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/syscall.h>
    #include <time.h>
    #include <unistd.h>

    static volatile int go, ran;
    static pid_t ptid, ctid = -1;

    static int child(void *arg) {
        while (!go) {}
        struct timespec t = {0, 20 * 1000 * 1000};   /* let the parent reach its futex wait */
        nanosleep(&t, 0);
        ran = 1 + (int)(long)arg;
        syscall(SYS_exit, 0);                         /* this thread only */
        return 0;
    }

    static void *worker(void *arg) { return (void *)((long)arg * 10 + 1); }
    static void *exiter(void *arg) { pthread_exit((void *)(long)77); }
    static void *group_exit(void *arg) { sleep(1); exit(9); }   /* never reached first */
    static void *ender(void *arg) { syscall(SYS_exit_group, 23); return 0; }

    int main(int argc, char **argv) {
        setvbuf(stdout, 0, _IONBF, 0);
        static char stack[65536] __attribute__((aligned(16)));
        int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
                  | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
        int tid = clone(child, stack + sizeof stack, flags, (void *)41L, &ptid, 0, &ctid);
        for (long spin = 0; ctid == -1 && spin < 100000000; spin++) sched_yield();
        printf("clone: tid>0 %d, parent_tid==tid %d, child_tid==tid %d\n", tid > 0, ptid == tid, ctid == tid);
        go = 1;
        struct timespec limit = {5, 0};
        long r = syscall(SYS_futex, &ctid, FUTEX_WAIT, tid, &limit, 0, 0);
        int e = r ? errno : 0;
        while (ctid != 0 && e == EINTR) { r = syscall(SYS_futex, &ctid, FUTEX_WAIT, tid, &limit, 0, 0); e = r ? errno : 0; }
        printf("exit cleared child_tid %d, woke the waiter %d (no timeout %d), child ran %d\n",
               ctid == 0, r == 0 || e == EAGAIN, e != ETIMEDOUT, ran);

        pthread_t t[4];
        long sum = 0;
        for (long k = 0; k < 4; k++) pthread_create(&t[k], 0, worker, (void *)k);
        for (int k = 0; k < 4; k++) { void *v; pthread_join(t[k], &v); sum += (long)v; }
        printf("joined 4 workers, results sum %ld\n", sum);
        pthread_t x;
        void *v;
        pthread_create(&x, 0, exiter, 0);
        pthread_join(x, &v);
        printf("pthread_exit value %ld\n", (long)v);
        pthread_t g, end;
        pthread_create(&g, 0, group_exit, 0);
        pthread_create(&end, 0, ender, 0);
        pause();
        printf("not reached\n");
        return 1;
    }
    """#

    func testThreadLifecycleAsTheGuestSeesIt() throws {
        let binary = try Self.build()
        let (exit, output) = try Self.run(binary)
        XCTAssertEqual(exit, .exited(23), output)
        XCTAssertEqual(output, """
            clone: tid>0 1, parent_tid==tid 1, child_tid==tid 1
            exit cleared child_tid 1, woke the waiter 1 (no timeout 1), child ran 42
            joined 4 workers, results sum 64
            pthread_exit value 77

            """)
    }

    /// Compiles the guest with the cross compiler (a missing compiler fails the test).
    static func build() throws -> String {
        guard let gcc = ["/usr/bin/riscv64-linux-gnu-gcc", "/usr/local/bin/riscv64-linux-gnu-gcc"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MissingPrerequisite("riscv64-linux-gnu-gcc", hint: "make setup")
        }
        let src = temporaryFile(Array(source.utf8), name: "threads.c")
        let out = src + ".elf"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gcc)
        p.arguments = ["-static", "-O2", "-pthread", "-o", out, src]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "compiling the guest failed")
        return out
    }

    /// Runs the guest under the release tern (exit_group from a thread ends the whole
    /// host process, so not in-process), with a time limit.
    static func run(_ path: String) throws -> (ProcessExit, String) {
        let tern = repositoryRoot + "/.build/release/tern"
        guard FileManager.default.isExecutableFile(atPath: tern) else {
            throw MissingPrerequisite(tern, hint: "make build")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["60", tern, "run", path]
        p.environment = ["PATH": "/usr/bin:/bin", "LANG": "C"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let exit: ProcessExit = p.terminationReason == .uncaughtSignal
            ? .signaled(p.terminationStatus, message: "") : .exited(p.terminationStatus)
        return (exit, String(decoding: data, as: UTF8.self))
    }
}
