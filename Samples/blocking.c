/* blocking.c - every syscall that waits lets the other threads run: in each
 * case the main thread blocks in one call and only a second thread can
 * release it (write to its pipe, unlock its lock, connect to its socket,
 * signal it...). A translator that keeps its run lock during the wait
 * deadlocks here; the alarm turns a deadlock into a failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pause_ms(int ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
}

/* The helper: waits a little (so the main thread is blocked by then), then acts. */
struct helper { void (*act)(void *); void *arg; int delay_ms; pthread_t thread; };

static void *helper_main(void *p) {
    struct helper *h = p;
    pause_ms(h->delay_ms);
    h->act(h->arg);
    return NULL;
}

static void start(struct helper *h, void (*act)(void *), void *arg) {
    h->act = act;
    h->arg = arg;
    h->delay_ms = 30;
    pthread_create(&h->thread, NULL, helper_main, h);
}

static void finish(struct helper *h, const char *name, long result) {
    pthread_join(h->thread, NULL);
    printf("%-24s %s\n", name, result >= 0 ? "ok" : strerror(errno));
}

static char big[1 << 18];

/* ---- actions of the helper thread ---- */
static void write_byte(void *p) { write(*(int *)p, "x", 1); }
static void drain(void *p) {
    char buf[4096];
    long total = 0, n;
    while (total < (long)sizeof big && (n = read(*(int *)p, buf, sizeof buf)) > 0) total += n;
}
static void drain_some(void *p) {
    char buf[1 << 16];
    read(*(int *)p, buf, sizeof buf);
}
static void open_fifo_writer(void *p) { int fd = open((char *)p, O_WRONLY); pause_ms(10); close(fd); }
static void open_fifo_reader(void *p) { int fd = open((char *)p, O_RDONLY); pause_ms(50); close(fd); }
static void flock_unlock(void *p) { flock(*(int *)p, LOCK_UN); }
static void ofd_unlock(void *p) {
    struct flock l = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(*(int *)p, F_OFD_SETLK, &l);
}
static void connect_to(void *p) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(s, (struct sockaddr *)p, sizeof(struct sockaddr_un));
    pause_ms(10);
    close(s);
}
static pthread_t main_thread;
static void signal_main(void *p) { pthread_kill(main_thread, *(int *)p); }
static volatile int flag;
static void set_flag(void *p) { (void)p; flag = 1; }
static int futex_word;
static void futex_wake(void *p) {
    (void)p;
    __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &futex_word, 1 /* FUTEX_WAKE */, 1, NULL, NULL, 0);
}

static void on_usr1(int sig) { (void)sig; }

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    alarm(60);
    main_thread = pthread_self();
    memset(big, 'b', sizeof big);
    struct helper h;
    int p[2];
    long r;

    /* read / readv on an empty pipe */
    pipe(p);
    start(&h, write_byte, &p[1]);
    char c;
    r = read(p[0], &c, 1);
    finish(&h, "read", r);
    start(&h, write_byte, &p[1]);
    struct iovec iv = {&c, 1};
    r = readv(p[0], &iv, 1);
    finish(&h, "readv", r);

    /* write / writev / sendfile into a full pipe */
    start(&h, drain, &p[0]);
    r = write(p[1], big, sizeof big);
    finish(&h, "write", r);
    start(&h, drain, &p[0]);
    struct iovec wv = {big, sizeof big};
    r = writev(p[1], &wv, 1);
    finish(&h, "writev", r);
    char path[] = "/tmp/tern-blocking-XXXXXX";
    int file = mkstemp(path);
    write(file, big, sizeof big);
    lseek(file, 0, SEEK_SET);
    start(&h, drain, &p[0]);
    off_t off = 0;
    while (off < (off_t)sizeof big && (r = sendfile(p[1], file, &off, sizeof big - off)) > 0) {}
    finish(&h, "sendfile", off == sizeof big ? 0 : -1);

    /* ppoll, pselect6, epoll_pwait on an empty pipe */
    start(&h, write_byte, &p[1]);
    struct pollfd pf = {p[0], POLLIN, 0};
    r = poll(&pf, 1, -1);
    finish(&h, "ppoll", r);
    read(p[0], &c, 1);
    start(&h, write_byte, &p[1]);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    r = select(p[0] + 1, &rd, NULL, NULL, NULL);
    finish(&h, "pselect6", r);
    read(p[0], &c, 1);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    start(&h, write_byte, &p[1]);
    r = epoll_wait(ep, &out, 1, -1);
    finish(&h, "epoll_pwait", r);
    read(p[0], &c, 1);
    close(ep);

    /* open of a FIFO waits for the other end */
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s.fifo", path);
    mkfifo(fifo, 0600);
    start(&h, open_fifo_writer, fifo);
    int fr = open(fifo, O_RDONLY);
    finish(&h, "openat FIFO reader", fr);
    close(fr);
    start(&h, open_fifo_reader, fifo);
    int fw = open(fifo, O_WRONLY);
    finish(&h, "openat FIFO writer", fw);
    close(fw);
    unlink(fifo);

    /* flock and OFD locks held through another open file description */
    int other = open(path, O_RDWR);
    flock(other, LOCK_EX);
    start(&h, flock_unlock, &other);
    r = flock(file, LOCK_EX);
    finish(&h, "flock", r);
    flock(file, LOCK_UN);
    struct flock wl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(other, F_OFD_SETLK, &wl);
    start(&h, ofd_unlock, &other);
    struct flock want = wl;
    r = fcntl(file, F_OFD_SETLKW, &want);
    finish(&h, "fcntl F_OFD_SETLKW", r);
    want.l_type = F_UNLCK;
    fcntl(file, F_OFD_SETLK, &want);

    /* F_SETLKW against a child process that keeps its lock until our helper writes */
    int go[2], ready[2];
    pipe(go);
    pipe(ready);
    pid_t child = fork();
    if (child == 0) {
        struct flock cl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        fcntl(other, F_SETLK, &cl);
        write(ready[1], "r", 1);
        read(go[0], &c, 1);
        _exit(0);
    }
    read(ready[0], &c, 1);
    start(&h, write_byte, &go[1]);
    struct flock pl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    r = fcntl(file, F_SETLKW, &pl);
    finish(&h, "fcntl F_SETLKW", r);
    /* wait4 / waitid for a child that exits when our helper writes */
    waitpid(child, NULL, 0);
    child = fork();
    if (child == 0) { read(go[0], &c, 1); _exit(3); }
    start(&h, write_byte, &go[1]);
    int status = 0;
    r = waitpid(child, &status, 0);
    finish(&h, "wait4", r == child && WEXITSTATUS(status) == 3 ? 0 : -1);
    child = fork();
    if (child == 0) { read(go[0], &c, 1); _exit(4); }
    start(&h, write_byte, &go[1]);
    siginfo_t si;
    r = waitid(P_PID, child, &si, WEXITED);
    finish(&h, "waitid", r == 0 && si.si_status == 4 ? 0 : -1);

    /* sockets: accept, recvfrom, recvmsg, sendto and sendmsg into a full buffer */
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s.sock", path);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(ls, (struct sockaddr *)&addr, sizeof addr);
    listen(ls, 1);
    start(&h, connect_to, &addr);
    int as = accept(ls, NULL, NULL);
    finish(&h, "accept", as);
    close(as);
    start(&h, connect_to, &addr);
    as = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    finish(&h, "accept4", as);
    close(as);
    close(ls);
    unlink(addr.sun_path);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    start(&h, write_byte, &sv[1]);
    r = recvfrom(sv[0], &c, 1, 0, NULL, NULL);
    finish(&h, "recvfrom", r);
    start(&h, write_byte, &sv[1]);
    struct msghdr mh = {.msg_iov = &iv, .msg_iovlen = 1};
    r = recvmsg(sv[0], &mh, 0);
    finish(&h, "recvmsg", r);
    int small = 4096;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    start(&h, drain, &sv[1]);
    long sent = 0;
    while (sent < (long)sizeof big && (r = sendto(sv[0], big + sent, sizeof big - sent, 0, NULL, 0)) > 0) sent += r;
    finish(&h, "sendto", sent == sizeof big ? 0 : -1);
    start(&h, drain, &sv[1]);
    sent = 0;
    while (sent < (long)sizeof big) {
        struct iovec sv_iov = {big + sent, sizeof big - sent};
        struct msghdr sm = {.msg_iov = &sv_iov, .msg_iovlen = 1};
        if ((r = sendmsg(sv[0], &sm, 0)) <= 0) break;
        sent += r;
    }
    finish(&h, "sendmsg", sent == sizeof big ? 0 : -1);
    close(sv[0]);
    close(sv[1]);

    /* sleeps: the helper runs during them */
    flag = 0;
    start(&h, set_flag, NULL);
    struct timespec t = {0, 300000000};
    nanosleep(&t, NULL);
    finish(&h, "nanosleep", flag ? 0 : -1);
    flag = 0;
    start(&h, set_flag, NULL);
    t.tv_nsec = 300000000;
    clock_nanosleep(CLOCK_MONOTONIC, 0, &t, NULL);
    finish(&h, "clock_nanosleep", flag ? 0 : -1);

    /* futex wait, rt_sigsuspend, rt_sigtimedwait */
    futex_word = 0;
    start(&h, futex_wake, NULL);
    while (__atomic_load_n(&futex_word, __ATOMIC_SEQ_CST) == 0)
        syscall(SYS_futex, &futex_word, 0 /* FUTEX_WAIT */, 0, NULL, NULL, 0);
    finish(&h, "futex", 0);
    signal(SIGUSR1, on_usr1);
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    int sig = SIGUSR1;
    start(&h, signal_main, &sig);
    sigset_t during = old;
    sigdelset(&during, SIGUSR1);
    r = sigsuspend(&during);
    finish(&h, "rt_sigsuspend", r == -1 && errno == EINTR ? 0 : -1);
    start(&h, signal_main, &sig);
    r = sigwaitinfo(&usr1, &si);
    finish(&h, "rt_sigtimedwait", r == SIGUSR1 ? 0 : -1);

    close(p[0]);
    close(p[1]);
    close(other);
    close(file);
    unlink(path);
    printf("all calls released the other thread\n");
    return 0;
}
