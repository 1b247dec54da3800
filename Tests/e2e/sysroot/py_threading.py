# CPython's threading module under emulation: threads switching the GIL while
# they compute, Lock/RLock/Condition/Semaphore/Event/Barrier, queue.Queue,
# thread-local data, Timer, ThreadPoolExecutor and a signal handled by the
# main thread while workers run. Every printed line is schedule-independent.
import concurrent.futures
import os
import queue
import signal
import threading
import time

def work(n):
    h = n + 1
    for i in range(20000):
        h = (h * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
    return h

results = {}
lock = threading.Lock()
def compute(i):
    v = work(i)
    with lock:
        results[i] = v
threads = [threading.Thread(target=compute, args=(i,), name=f"w{i}") for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("compute:", sorted(results) == list(range(8)), hex(sum(results.values()) & 0xFFFFFFFF))

rlock = threading.RLock()
def nested(d):
    with rlock:
        return 1 if d == 0 else 1 + nested(d - 1)
print("rlock depth:", nested(10))

cond = threading.Condition()
items, consumed = [], []
def consumer():
    while True:
        with cond:
            while not items:
                cond.wait()
            v = items.pop(0)
        if v is None:
            return
        consumed.append(v * v)
cs = [threading.Thread(target=consumer) for _ in range(3)]
for c in cs: c.start()
for i in range(300):
    with cond:
        items.append(i)
        cond.notify()
for _ in cs:
    with cond:
        items.append(None)
        cond.notify()
for c in cs: c.join()
print("condition:", len(consumed), sum(consumed))

sem = threading.Semaphore(2)
active, peak = 0, 0
alock = threading.Lock()
def limited():
    global active, peak
    with sem:
        with alock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.002)
        with alock:
            active -= 1
ts = [threading.Thread(target=limited) for _ in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print("semaphore peak <= 2:", peak <= 2)

barrier = threading.Barrier(4)
order = []
def at_barrier(i):
    order.append(("before", i))
    barrier.wait()
    order.append(("after", i))
ts = [threading.Thread(target=at_barrier, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("barrier:", all(o[0] == "before" for o in order[:4]) and all(o[0] == "after" for o in order[4:]))

q = queue.Queue(maxsize=10)
total = 0
def producer(base):
    for i in range(200):
        q.put(base + i)
def drain():
    global total
    for _ in range(400):
        total += q.get()
        q.task_done()
ps = [threading.Thread(target=producer, args=(b,)) for b in (0, 1000)]
d = threading.Thread(target=drain)
for t in ps + [d]: t.start()
for t in ps + [d]: t.join()
q.join()
print("queue total:", total)

local = threading.local()
seen = []
def use_local(i):
    local.value = i
    time.sleep(0.001)
    seen.append(local.value == i)
ts = [threading.Thread(target=use_local, args=(i,)) for i in range(6)]
for t in ts: t.start()
for t in ts: t.join()
print("thread-local:", all(seen), len(seen))

event = threading.Event()
fired = []
timer = threading.Timer(0.01, lambda: (fired.append(True), event.set()))
timer.start()
print("timer/event:", event.wait(10), fired == [True])
timer.join()

got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append((s, threading.current_thread() is threading.main_thread())))
def sender():
    os.kill(os.getpid(), signal.SIGUSR1)
t = threading.Thread(target=sender)
t.start()
t.join()
deadline = time.time() + 10
while not got and time.time() < deadline:
    time.sleep(0.001)
print("signal handled by the main thread:", got == [(signal.SIGUSR1, True)])

with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
    squares = list(pool.map(lambda x: x * x, range(100)))
print("executor:", sum(squares))
print("threads left:", threading.active_count())
