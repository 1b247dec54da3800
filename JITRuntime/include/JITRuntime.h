// Tern's host C runtime: fault guard, host FPU control, executable code memory
// (W^X), trampolines and chain jumps for generated code, host calls (libffi),
// per-thread signal inboxes.
// Knows nothing of RISC-V.
#ifndef TERN_JIT_RUNTIME_H
#define TERN_JIT_RUNTIME_H
#include "FaultGuard.h"
#include "HostFPU.h"
#include "CodeMemory.h"
#include "NativeTrampolines.h"
#include "HostCall.h"
#include "Checksum.h"
#include "ThreadSignals.h"
#include "HostCPU.h"
#endif
