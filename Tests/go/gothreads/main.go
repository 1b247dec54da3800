// gothreads: goroutines on GOMAXPROCS host threads under emulation — a
// CPU-bound parallel reduction, channels (unbuffered, buffered, select with
// timers), sync.Mutex/RWMutex/WaitGroup/Once/Cond, sync/atomic, a pipeline,
// runtime.Gosched and the garbage collector under allocation from every
// worker. Every printed line is independent of the schedule. `gothreads sum N`
// runs the reduction alone (Bench/scaling.py).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func mix(x uint64) uint64 {
	x ^= x >> 31
	x *= 0x7fb5d329728ea185
	x ^= x >> 27
	x *= 0x81dadef4bc2dd44d
	x ^= x >> 33
	return x
}

// work is a CPU-bound value for item i (no allocation).
func work(i int) uint64 {
	h := mix(uint64(i) + 1)
	for r := 0; r < 2000; r++ {
		if h&1 == 1 {
			h = h*6364136223846793005 + 1442695040888963407
		} else {
			h ^= h >> 7
		}
	}
	return h
}

func parallelSum(items, workers int) uint64 {
	var total uint64
	var next int64 = -1
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sum uint64
			for {
				i := int(atomic.AddInt64(&next, 1))
				if i >= items {
					break
				}
				sum += work(i)
			}
			atomic.AddUint64(&total, sum)
		}()
	}
	wg.Wait()
	return total
}

func pipeline(n int) (int, int) {
	src := make(chan int)
	sq := make(chan int, 8)
	out := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			src <- i
		}
		close(src)
	}()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range src {
				sq <- v * v
			}
		}()
	}
	go func() { wg.Wait(); close(sq) }()
	go func() {
		s := 0
		for v := range sq {
			s += v
		}
		out <- s
	}()
	timeouts := 0
	for {
		select {
		case s := <-out:
			return s, timeouts
		case <-time.After(5 * time.Second):
			timeouts++
			if timeouts > 12 {
				return -1, timeouts
			}
		}
	}
}

type account struct {
	mu      sync.Mutex
	balance int
}

func transfers(workers, rounds int) (int, int64) {
	accounts := make([]account, 16)
	for i := range accounts {
		accounts[i].balance = 1000
	}
	var moves int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				a, b := int(mix(uint64(w*rounds+r))%16), int(mix(uint64(w*rounds+r)+7)%16)
				if a == b {
					continue
				}
				first, second := &accounts[a], &accounts[b]
				if a > b {
					first, second = second, first
				}
				first.mu.Lock()
				second.mu.Lock()
				accounts[a].balance -= 3
				accounts[b].balance += 3
				second.mu.Unlock()
				first.mu.Unlock()
				atomic.AddInt64(&moves, 1)
				if r%64 == 0 {
					runtime.Gosched()
				}
			}
		}(w)
	}
	wg.Wait()
	total := 0
	for i := range accounts {
		total += accounts[i].balance
	}
	return total, moves
}

func condQueue(items int) int {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	queue := []int{}
	done := false
	got := make(chan int)
	for c := 0; c < 3; c++ {
		go func() {
			s := 0
			for {
				mu.Lock()
				for len(queue) == 0 && !done {
					cond.Wait()
				}
				if len(queue) == 0 && done {
					mu.Unlock()
					got <- s
					return
				}
				v := queue[0]
				queue = queue[1:]
				mu.Unlock()
				s += v
			}
		}()
	}
	for i := 1; i <= items; i++ {
		mu.Lock()
		queue = append(queue, i)
		mu.Unlock()
		cond.Signal()
	}
	mu.Lock()
	done = true
	mu.Unlock()
	cond.Broadcast()
	return <-got + <-got + <-got
}

// garbage allocates from every worker so the collector runs concurrently.
func garbage(workers int) int {
	var wg sync.WaitGroup
	var kept int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var keep [][]byte
			for i := 0; i < 20000; i++ {
				b := make([]byte, 64+i%512)
				b[0] = byte(i)
				if i%1000 == 0 {
					keep = append(keep, b)
				}
			}
			atomic.AddInt64(&kept, int64(len(keep)))
		}(w)
	}
	wg.Wait()
	runtime.GC()
	return int(kept)
}

func main() {
	// "gothreads sum N": only the CPU-bound reduction over 2000*N items (the
	// thread-scaling row of `make bench`, run with GOMAXPROCS=1 and 2).
	if len(os.Args) > 2 && os.Args[1] == "sum" {
		if n, err := strconv.Atoi(os.Args[2]); err == nil && n > 0 {
			fmt.Printf("parallel sum of %d items: %016x\n", 2000*n, parallelSum(2000*n, 4))
			return
		}
		fmt.Fprintln(os.Stderr, "usage: gothreads [SCALE] | gothreads sum N")
		os.Exit(2)
	}
	scale := 1
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil && v > 0 {
			scale = v
		}
	}
	fmt.Println("GOMAXPROCS", runtime.GOMAXPROCS(0))
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	items := 2000 * scale
	fmt.Printf("parallel sum of %d items: %016x\n", items, parallelSum(items, 4))
	s, timeouts := pipeline(5000)
	fmt.Println("pipeline sum of squares:", s, "timeouts:", timeouts)
	total, moves := transfers(4, 5000)
	fmt.Println("transfers: total", total, "moves", moves)
	fmt.Println("cond queue sum:", condQueue(3000))
	fmt.Println("garbage kept:", garbage(4))
}
