# Pseudo-terminals from Python: openpty (TIOCGPTN, TIOCSPTLCK), termios on the
# slave, window sizes, asyncio reading and writing through pipes on both ends,
# and pty.fork (a child on a new controlling terminal). qemu-riscv64 7.2 fails
# at the first tcgetattr (ENOSYS), so this case checks tern's output exactly:
# python-pty.expected is also what the host's CPython prints for this script.
import asyncio, fcntl, os, pty, struct, sys, termios, tty

master, slave = os.openpty()
print("ttyname:", os.ttyname(slave).startswith("/dev/pts/"), "isatty:", os.isatty(slave), os.isatty(master))
tty.setraw(slave)
attrs = termios.tcgetattr(slave)
print("raw: echo", bool(attrs[3] & termios.ECHO), "icanon", bool(attrs[3] & termios.ICANON))
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 42, 132, 0, 0))
print("window:", os.get_terminal_size(slave))

async def through_asyncio():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), open(master, "rb", 0, closefd=False))
    os.write(slave, b"line one\nline two\n")
    print("asyncio read:", await reader.readline(), await reader.readline())
    transport.close()
    os.set_blocking(master, True)  # connect_read_pipe made the master non-blocking
    writer, _ = await loop.connect_write_pipe(asyncio.Protocol, open(slave, "wb", 0, closefd=False))
    writer.write(b"y" * 10000)
    got = b""
    while len(got) < 10000:
        got += await loop.run_in_executor(None, os.read, master, 4096)
    print("asyncio write:", len(got), set(got) == {ord("y")})
    writer.close()

asyncio.run(through_asyncio())
os.close(slave)
os.close(master)

sys.stdout.flush()  # the child would print the buffered lines again
pid, fd = pty.fork()
if pid == 0:
    print("child: stdin is a tty", os.isatty(0), "session leader", os.getsid(0) == os.getpid())
    sys.stdout.flush()
    os._exit(7)
output = b""
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:  # EIO once the child's side is closed
        break
    if not chunk:
        break
    output += chunk
_, status = os.waitpid(pid, 0)
print("parent read:", output.decode().replace("\r\n", "\n").strip(), "| exit status", os.waitstatus_to_exitcode(status))
