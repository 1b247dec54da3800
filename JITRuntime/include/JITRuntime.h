// Tern's host C runtime: fault guard and host FPU control. Knows nothing of RISC-V.
#ifndef TERN_JIT_RUNTIME_H
#define TERN_JIT_RUNTIME_H
#include "FaultGuard.h"
#include "HostFPU.h"
#endif
