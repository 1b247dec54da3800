# Tern — top-level tasks. `make demo` and `make test` work on a fresh Debian/Ubuntu machine.
SWIFT        ?= swift
TERN         := .build/release/tern
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu qemu-user libffi-dev chromium debian-archive-keyring \
                gcc libc6-dev python3 golang-go gdb-multiarch linux-perf dpkg-dev man-db openssl
# The Swift runtime and Foundation are linked statically: dynamic symbol binding
# was about a third of `tern run` startup (a static hello: ~8 -> ~5.5 ms here).
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all setup build samples demo test unit-test e2e clean isa-test isa-qemu isa-official fuzz fuzz-ci fuzz-extensions fuzz-vector fuzz-syscalls sysroot \
        e2e-sysroot e2e-sysroot-rvv bench bench-build bench-smoke test-python test-python-quick lockstep lockstep-threaded \
        lockstep-native lockstep-auto mutants mutants-check e2e-threads threads-stress go-threads gdb-test perf-test install deb deb-test \
        binfmt-test checkpoint-test

all: build

# A current qemu-riscv64 (Debian forky's statically linked qemu-user, qemu 11) for the
# extensions Debian 12's qemu 7.2 lacks (RVA23: Zicond, Zcb, Zimop, Zfa, ...): `make setup` fetches it.
QEMU_NEW := build/qemu/usr/bin/qemu-riscv64

## setup: install the cross toolchain, qemu-user, libffi and chromium (renders the `tern report` test page) when missing (apt),
## and put a current qemu-riscv64 into build/qemu (scripts/fetch-qemu.sh).
setup:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "setup: all packages present"; fi
	@bash scripts/fetch-qemu.sh build/qemu build/apt-amd64

## generate: regenerate the files derived from the instruction description (Sources/TernSpec).
.PHONY: generate
generate:
	$(SWIFT) run tern-gen .

## build: release build of the tern CLI.
build:
	$(SWIFT) build $(RELEASE_FLAGS) --product tern

## samples: cross-compile the guest sample programs (Samples/out/).
samples: setup
	$(MAKE) -C Samples

## demo: set up, build, run a sample and show its translation cache statistics.
demo: setup build samples
	@echo "== tern run --stats Samples/out/matrix"
	$(TERN) run --stats Samples/out/matrix

## test: unit tests (swift test), end-to-end comparison with the expected results and qemu-riscv64
## under every engine, the thread programs repeated under every engine, lockstep of every engine against the
## reference interpreter, ISA tests, fuzzing, gdb sessions, perf maps, the Debian package and binfmt_misc.
test: setup build samples mutants-check unit-test e2e e2e-threads lockstep-threaded lockstep-native lockstep-auto isa-test fuzz-ci \
      e2e-sysroot e2e-sysroot-rvv checkpoint-test test-python-quick bench-smoke gdb-test perf-test deb-test binfmt-test

## unit-test: swift test; its tests use the cross tools, the samples and the release build (never skipped).
unit-test: setup build samples
	$(SWIFT) test --parallel

## e2e: Tests/e2e/run.sh under the auto, threaded and native engines (two at a time), the RVA23
## samples against the current qemu (Tests/e2e/rva23.sh), the autovectorised samples at VLEN 128 and
## 256 (Tests/e2e/rvv.sh), then a self-check that run.sh catches a
## shared failure and a Tern diagnostic.
E2E_ENGINES ?= auto threaded native
E2E_TIMEOUT ?= 120
e2e: setup build samples
	@bash scripts/run-parallel.sh $(foreach e,$(E2E_ENGINES),'e2e --engine $(e)::TERN=$(TERN) TERN_ENGINE=$(e) E2E_TIMEOUT=$(E2E_TIMEOUT) bash Tests/e2e/run.sh') \
	  'e2e rva23::TERN=$(TERN) QEMU_NEW=$(QEMU_NEW) E2E_TIMEOUT=$(E2E_TIMEOUT) bash Tests/e2e/rva23.sh' \
	  'e2e rvv::TERN=$(TERN) QEMU_NEW=$(QEMU_NEW) E2E_TIMEOUT=$(E2E_TIMEOUT) bash Tests/e2e/rvv.sh'
	bash Tests/e2e/self-check.sh

## e2e-threads: the multithreaded programs (Tests/e2e/threads.sh: parallel kernel, atomics stress,
## ping-pong, signals to threads, SMC across threads, the Go program with GOMAXPROCS=2), each
## THREADS_RUNS times (default 20) under every engine; every run must give the expected result.
THREADS_RUNS ?= 20
e2e-threads: setup build samples go-threads
	TERN=$(TERN) RUNS=$(THREADS_RUNS) GO_THREADS=build/go/gothreads bash Tests/e2e/threads.sh

## threads-stress: the heavier atomics stress (Samples/atomstress.c, 4 threads, 80000 rounds: AMO
## counters, an LR/SC spin lock, a lock-free queue, store-buffering and message-passing litmus
## tests) THREADS_STRESS_RUNS times (default 200) under every engine; every run must be exact.
## A few minutes on the 2-core machine, so not part of `make test` (which runs it 20 times).
THREADS_STRESS_RUNS ?= 200
threads-stress: setup build samples
	TERN=$(TERN) RUNS=$(THREADS_STRESS_RUNS) bash Tests/e2e/threads.sh atomstress-heavy

## go-threads: the Go test program (Tests/go/gothreads) for riscv64 with Debian's golang-go.
go-threads: setup
	mkdir -p build/go
	cd Tests/go/gothreads && GOCACHE=$(CURDIR)/build/go/cache GOOS=linux GOARCH=riscv64 CGO_ENABLED=0 \
	  GOFLAGS=-mod=mod GOPROXY=off go build -trimpath -o $(CURDIR)/build/go/gothreads .

## checkpoint-test: checkpoint every sample (and lua, sqlite3, python3 from the sysroot) at several
## instruction counts, restore, compare with an uninterrupted run; --checkpoint-on; bad images.
checkpoint-test: build samples sysroot
	TERN=$(TERN) SYSROOT=$(SYSROOT) bash Tests/e2e/checkpoint.sh

## sysroot: a riscv64 root file system from Debian forky packages in build/sysroot
## (private apt configuration in build/apt). More packages: make sysroot PACKAGES="gawk".
SYSROOT          := build/sysroot
SYSROOT_PACKAGES := libc6 busybox-static lua5.4 liblua5.4-0 sqlite3 libsqlite3-0 libreadline8t64 \
                    libncursesw6 libtinfo6 coreutils zlib1g \
                    python3.13 libpython3.13-testsuite perl gawk jq git make gcc libc6-dev file openssl \
                    xz-utils zstd bzip2 dash
PACKAGES         ?=
sysroot: setup
	bash scripts/make-sysroot.sh $(SYSROOT) build/apt $(SYSROOT_PACKAGES) $(PACKAGES)

## e2e-sysroot-rvv: sysroot programs whose libraries pick vector code through hwprobe (OpenSSL's
## ChaCha20, glibc's memset) under tern --cpu rva23u64 (VLEN 128 and 256, auto and threaded) vs
## the current qemu and the host's openssl/python3; each run must execute vector instructions.
e2e-sysroot-rvv: setup build sysroot
	TERN=$(TERN) QEMU_NEW=$(QEMU_NEW) SYSROOT=$(SYSROOT) E2E_TIMEOUT=$(E2E_TIMEOUT) bash Tests/e2e/sysroot-rvv.sh

## e2e-sysroot: real Debian riscv64 programs under tern vs qemu-riscv64 -L.
e2e-sysroot: sysroot
	TERN=$(TERN) SYSROOT=$(SYSROOT) bash Tests/e2e/sysroot.sh

## test-python: CPython's regression tests (Tests/python/modules.txt, about 90 modules) under
## tern and qemu-riscv64, compared per test (nightly-style: long). PYTHON_TEST_ARGS adds options.
test-python: setup build sysroot
	python3 Tests/python/run.py --set full $(PYTHON_TEST_ARGS)

## test-python-quick: the make test subset (Tests/python/modules-quick.txt).
test-python-quick: setup build sysroot
	python3 Tests/python/run.py --set quick --out build/python-tests-quick $(PYTHON_TEST_ARGS)

## isa-test: build the bare-metal ISA tests (Tests/isa) and run them under tern.
isa-test: setup build
	$(MAKE) -C Tests/isa
	TERN=$(TERN) bash Tests/isa/run.sh

## isa-qemu: optional cross-check of Tests/isa under qemu-system-riscv64 -machine spike
## (Debian package qemu-system-misc, not installed by setup).
isa-qemu:
	$(MAKE) -C Tests/isa
	bash Tests/isa/qemu-system-check.sh

## isa-official: the official riscv-tests rv64 suites (p and v environments) from an existing
## build (RISCV_TESTS=path to riscv-tests/isa) under tern, cross-checked under qemu-system when installed.
isa-official: build
	TERN=$(TERN) bash Tests/isa/official-check.sh $(RISCV_TESTS)

## bench: kernels and real sysroot programs under tern (auto and threaded), qemu-riscv64 and natively -> build/bench/results.{md,json}.
## BENCH_ARGS passes options to Bench/run.py (e.g. --runs 7, --scale 0.5, kernel names).
bench: setup build bench-build sysroot
	python3 Bench/run.py $(BENCH_ARGS)

## bench-smoke: the benchmark harness once on tiny inputs (no timing assertions).
bench-smoke: setup build bench-build
	python3 Bench/run.py --smoke

bench-build:
	$(MAKE) -C Bench
	swift build $(RELEASE_FLAGS) --product tern-vm-bench

clean:
	rm -rf .build Samples/out Tests/isa/out build/deb build/man

## gdb-test: gdb-multiarch sessions against `tern run -g` under every engine, compared with qemu-riscv64 -g (Tests/gdb).
gdb-test: setup build sysroot
	python3 Tests/gdb/run.py --tern $(TERN) --sysroot $(SYSROOT)

## perf-test: perf record of a sample under tern (--perfmap, --jitdump); perf report must name its hot guest function.
perf-test: setup build samples
	TERN=$(TERN) bash Tests/profiling/perf.sh

## install: tern, its man page, shell completions and docs under $(DESTDIR)$(PREFIX) (default /usr/local).
PREFIX  ?= /usr/local
DESTDIR ?=
MANPAGE := build/man/tern.1
install: build $(MANPAGE)
	bash scripts/install.sh $(TERN) $(MANPAGE) "$(DESTDIR)" $(PREFIX)

## build/man/tern.1: the man page, generated from tern's help text (every subcommand).
$(MANPAGE): $(TERN) scripts/make-manpage.py
	mkdir -p build/man
	python3 scripts/make-manpage.py $(TERN) > $@

## deb: build/deb/tern_VERSION_amd64.deb (binary, man page, completions, docs; postinst offers binfmt_misc).
deb: build $(MANPAGE)
	bash scripts/make-deb.sh $(TERN) $(MANPAGE) build/deb

## deb-test: make deb, apt-get install it, run a sample with the installed tern, check its files, remove it.
deb-test: setup samples deb
	SUDO="$(SUDO)" bash Tests/install/deb.sh build/deb

## binfmt-test: tern binfmt install inside `unshare -Urm` with a private binfmt_misc (Linux 6.7+): ./program,
## a riscv64 #! script and a guest execve of a riscv64 program run directly.
binfmt-test: setup build samples sysroot
	TERN=$(TERN) bash Tests/install/binfmt.sh

## lockstep-ENGINE: every sample case under `tern lockstep --engine ENGINE` (the engine and the
## reference interpreter compared after every block; expected stdout and status, a timeout).
## lockstep: all of them (LOCKSTEP_ENGINES, default: threaded native auto).
LOCKSTEP_ENGINES ?= threaded native auto
lockstep: setup build samples
	TERN=$(TERN) bash Tests/e2e/lockstep.sh $(LOCKSTEP_ENGINES)
lockstep-threaded lockstep-native lockstep-auto: setup build samples
	TERN=$(TERN) bash Tests/e2e/lockstep.sh $(@:lockstep-%=%)

## fuzz-ci: bounded differential fuzz campaign (fixed seeds) of tern against qemu-riscv64,
## plus a self-check that a wrong emulator is caught. See docs/FUZZING.md.
fuzz-ci: setup build
	$(TERN) fuzz --seed 1 --count 30000 --length 100 --encodings 300 --engine auto
	$(TERN) fuzz --seed 0x5eed0000 --count 10000 --length 400 --engine auto
	$(TERN) fuzz --seed 0x7e4e0000 --count 5000 --length 200 --engine native
	$(TERN) fuzz --seed 0x7e4f0000 --count 5000 --length 200 --engine threaded
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --seed 0x15a00000 --count 4000 --length 200 --encodings 200
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva22u64 --seed 0x15a10000 --count 1000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --seed 0x11a00000 --count 3000 --length 200
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --seed 0x11a20000 --count 1000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --seed 0x11a10000 --count 3000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes vector --seed 0x11a30000 --count 2000 --length 200 --engine threaded
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --vector-families native --seed 0x11a40000 --count 800 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --vector-families native --seed 0x11a50000 --count 800 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --vector-families $(NATIVE_VFP) --seed 0x11f30000 --count 500 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --vector-families $(NATIVE_VFP) --seed 0x11f40000 --count 500 --length 200 --engine native
	$(TERN) fuzz --syscalls --seed 1 --count 40000 --batch 4000
	bash Tests/fuzz/self-check.sh $(TERN)

## fuzz: long campaign from a random seed (override FUZZ_SEED, FUZZ_COUNT, FUZZ_LENGTH, FUZZ_ENCODINGS).
# The vector FP families the native tier compiles (TernSpec/NativeVectorForms.swift's floatForms).
NATIVE_VFP := vfadd,vfsub,vfrsub,vfmul,vfdiv,vfrdiv,vfmacc,vfnmacc,vfmsac,vfnmsac,vfmadd,vfnmadd,vfmsub,vfnmsub,vfredosum,vfredusum,vfmv,vfwcvt
FUZZ_COUNT     ?= 1000000
FUZZ_LENGTH    ?= 200
FUZZ_ENCODINGS ?= 5000
fuzz: setup build
	@seed=$${FUZZ_SEED:-$$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}; \
	echo "fuzz: first seed $$seed (replay: make fuzz FUZZ_SEED=$$seed)"; \
	$(TERN) fuzz --seed $$seed --count $(FUZZ_COUNT) --length $(FUZZ_LENGTH) --encodings $(FUZZ_ENCODINGS) \
	  --qemu $(QEMU_NEW) --cpu $${FUZZ_CPU:-max}

## fuzz-extensions: the fixed-seed campaigns focused on the RVA23 extensions' classes against the
## current qemu (-cpu max), sized for 10^6 instructions of most extensions; each prints its
## per-extension instruction counts (docs/FUZZING.md gives the last figures). About an hour.
fuzz-extensions: setup build
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes bitManip --seed 0x10a00000 --count 50000 --length 500
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes fpArith,fpFused,fpConvert,fpMisc,fpMove --seed 0x10a10000 --count 18000 --length 400
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes compressed --seed 0x10a20000 --count 25000 --length 400
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes mayBeOp --seed 0x10a30000 --count 55000 --length 400
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max --classes cacheBlock --seed 0x10a40000 --count 5000 --length 400

## fuzz-vector: the V extension's fixed-seed campaign against qemu 11 at VLEN 128, 256 and 512, and at
## VLEN 128 and 256 under --engine native (every block compiled, so the native vector code runs)
## (more than 10^6 vector instructions at each; docs/FUZZING.md has the last counts).
fuzz-vector: setup build
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --seed 0x11b00000 --count 8000 --length 200
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --seed 0x11b10000 --count 8000 --length 200
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --seed 0x11b30000 --count 8000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --seed 0x11b40000 --count 8000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu max,vlen=512 --classes vector --seed 0x11b20000 --count 8000 --length 200 --engine threaded
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --vector-families native --seed 0x11b50000 --count 8000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --vector-families native --seed 0x11b60000 --count 8000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64 --classes vector --vector-families $(NATIVE_VFP) --seed 0x11b70000 --count 3000 --length 200 --engine native
	$(TERN) fuzz --qemu $(QEMU_NEW) --cpu rva23u64,vlen=256 --classes vector --vector-families $(NATIVE_VFP) --seed 0x11b80000 --count 3000 --length 200 --engine native

## fuzz-syscalls: long syscall campaign, tern against Linux (x86-64 natively) and qemu-riscv64, from a
## random seed (override FUZZ_SEED, FUZZ_SYSCALLS=calls, FUZZ_BATCH=calls per program). See docs/FUZZING.md.
FUZZ_SYSCALLS ?= 1000000
FUZZ_BATCH    ?= 4000
fuzz-syscalls: setup build
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "fuzz-syscalls: seed $$seed (replay: make fuzz-syscalls FUZZ_SEED=$$seed)"; \
	$(TERN) fuzz --syscalls --seed $$seed --count $(FUZZ_SYSCALLS) --batch $(FUZZ_BATCH)

## mutants: plant each fault of Tests/mutants/mutants.txt into a copy of the tree (build/mutants/tree)
## and run the mutation subset of make test (unit tests) against it; ends with "K of N mutants killed".
## MUTANTS="H1 D3" runs only those.
MUTANTS ?=
## mutants-check: every planted fault still applies to the tree (no build; part of make test).
mutants-check:
	python3 Tests/mutants/run.py --check

mutants: setup samples
	python3 Tests/mutants/run.py $(MUTANTS)
