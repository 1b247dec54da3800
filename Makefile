# Tern — top-level tasks. `make demo` and `make test` work on a fresh Debian/Ubuntu machine.
SWIFT        ?= swift
TERN         := .build/release/tern
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu qemu-user libffi-dev gcc libc6-dev python3
# The Swift runtime and Foundation are linked statically: dynamic symbol binding
# was about a third of `tern run` startup (a static hello: ~8 -> ~5.5 ms here).
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all setup build samples demo test unit-test e2e clean bench bench-build bench-smoke

all: build

## setup: install the cross toolchain, qemu-user and libffi when missing (apt).
setup:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "setup: all packages present"; fi

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

## test: unit tests (swift test) and end-to-end comparison with qemu-riscv64.
test: setup build samples unit-test e2e bench-smoke

unit-test:
	$(SWIFT) test --parallel

e2e:
	TERN=$(TERN) bash Tests/e2e/run.sh

## bench: kernels under tern, qemu-riscv64 and natively -> build/bench/results.{md,json}.
## BENCH_ARGS passes options to Bench/run.py (e.g. --runs 7, --scale 0.5, kernel names).
bench: setup build bench-build
	python3 Bench/run.py $(BENCH_ARGS)

## bench-smoke: the benchmark harness once on tiny inputs (no timing assertions).
bench-smoke: setup build bench-build
	python3 Bench/run.py --smoke

bench-build:
	$(MAKE) -C Bench

clean:
	rm -rf .build Samples/out
