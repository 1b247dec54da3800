// swift-tools-version:6.0
import PackageDescription

/// Release builds optimise across module boundaries so the FP and memory helpers
/// inline into the threaded handlers.
let releaseFlags: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

/// Engine settings: handlers touch only raw pointers, so exclusivity checks are off.
let engineFlags: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked",
                  "-Xcc", "-Xclang", "-Xcc", "-mframe-pointer=none"],
                 .when(configuration: .release)),
]

let package = Package(
    name: "Tern",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tern", targets: ["tern"]),
        .executable(name: "tern-vm-bench", targets: ["tern-vm-bench"]),
        .library(name: "TernCore", targets: ["TernCore"]),
        .library(name: "TernLinux", targets: ["TernLinux"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Host C runtime: fault guard, host FPU control, W^X code memory, trampolines, host calls (libffi).
        .target(name: "JITRuntime", path: "JITRuntime", linkerSettings: [.linkedLibrary("ffi")]),
        // The instruction description: one row per instruction, op, pair and native form (plain data).
        .target(name: "TernSpec", dependencies: ["TernFloat"]),
        // Generates the decoder table, Opcode, Ops.def, op selection, fusion rules, pair bodies,
        // native forms and fuzzer op lists from TernSpec (checked in; GeneratedFilesTests keeps them current).
        .target(name: "TernGen", dependencies: ["TernSpec"]),
        .executableTarget(name: "tern-gen", dependencies: ["TernGen"]),
        // ISA layer: what the bits mean.
        .target(name: "TernISA", swiftSettings: releaseFlags),
        // RISC-V floating-point semantics (IEEE 754 with RISC-V NaN and flag rules).
        .target(name: "TernFloat", dependencies: ["JITRuntime"], swiftSettings: releaseFlags),
        // C glue of the threaded engine: hart and op layouts, tail-call dispatch stubs.
        .target(name: "CoreGlue"),
        // Core: guest memory, hart state, IR, translator, translation cache, engine, stats.
        .target(name: "TernCore", dependencies: ["TernISA", "TernFloat", "TernSpec", "CoreGlue", "JITRuntime"],
                swiftSettings: engineFlags),
        // Linux personality: ELF loader, process image, syscalls.
        .target(name: "TernLinux", dependencies: ["TernCore", "TernISA", "TernELF", "JITRuntime"], swiftSettings: releaseFlags),
        // ELF parsing shared by the Linux loader and the bare-metal machine: headers, sections, symbols, disassembly.
        .target(name: "TernELF", dependencies: ["TernCore", "TernISA"], swiftSettings: releaseFlags),
        // Bare-metal machine: M/S/U-mode CSRs, traps, HTIF tohost (what ISA test suites see).
        .target(name: "TernBareMetal", dependencies: ["TernCore", "TernISA", "TernELF"], swiftSettings: releaseFlags),
        // perf's views of JIT code: perf-PID.map and jitdump files (`--perfmap`, `--jitdump`).
        .target(name: "TernProfiling", dependencies: ["TernCore"], swiftSettings: releaseFlags),
        // gdb remote stub for Linux guests (`tern run -g PORT`).
        .target(name: "TernGDB", dependencies: ["TernCore", "TernISA", "TernLinux"], swiftSettings: releaseFlags),
        // Translation cache statistics as a self-contained HTML page (`tern report`).
        .target(name: "TernReport", dependencies: ["TernCore"], swiftSettings: releaseFlags),
        // Plain reference interpreter with its own decoder from the specification tables (lockstep checking).
        .target(name: "TernReference", dependencies: ["TernFloat", "TernSpec"], swiftSettings: releaseFlags),
        // Lockstep checker: threaded engine vs reference interpreter on one Linux guest.
        .target(name: "TernLockstep", dependencies: ["TernReference", "TernCore", "TernLinux", "TernISA"],
                swiftSettings: releaseFlags),
        // Differential fuzzer: random RV64GC sequences run under tern and qemu-riscv64.
        .target(name: "TernFuzz", dependencies: ["TernISA", "TernSpec"], swiftSettings: releaseFlags),
        // The command-line client.
        .executableTarget(name: "tern", dependencies: [
            "TernLinux", "TernCore", "TernISA", "TernReport", "TernGDB", "TernProfiling", "TernLockstep", "TernReference", "TernSpec", "TernBareMetal", "TernFuzz",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: releaseFlags,
        // Non-PIE: no load-time relocation at each start (docs/ARCHITECTURE.md "Startup"). Release only: a
        // debug test bundle linking this module against the shared Swift runtime would warn on stderr.
        linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(configuration: .release))]),
        // What the embedding API's snapshots and forks cost (`make bench`).
        .executableTarget(name: "tern-vm-bench", dependencies: ["TernLinux", "TernCore"], path: "Bench/vm",
                          swiftSettings: releaseFlags),
        // Samples/embed's program, also built here so every build checks it against the API.
        .executableTarget(name: "tern-embed-sample", dependencies: ["TernLinux"], path: "Samples/embed/Sources/embed"),
        // Helpers shared by several test targets (deterministic PRNG).
        .target(name: "TernTestSupport", path: "Tests/TernTestSupport"),
        .testTarget(name: "TernISATests", dependencies: ["TernISA", "TernLinux", "TernTestSupport"]),
        .testTarget(name: "TernFloatTests", dependencies: ["TernFloat", "TernTestSupport"]),
        .testTarget(name: "TernCoreTests", dependencies: ["TernCore", "TernISA", "JITRuntime", "TernReference", "TernTestSupport"]),
        .testTarget(name: "TernLinuxTests", dependencies: ["TernLinux", "TernCore", "TernISA", "TernTestSupport"]),
        .testTarget(name: "TernStatsTests", dependencies: ["TernReport", "TernCore", "TernLinux"]),
        .testTarget(name: "TernLockstepTests", dependencies: ["TernLockstep", "TernReference", "TernLinux", "TernCore", "TernISA", "TernTestSupport"]),
        .testTarget(name: "TernBareMetalTests", dependencies: ["TernBareMetal", "TernCore"]),
        .testTarget(name: "JITRuntimeTests", dependencies: ["JITRuntime"]),
        .testTarget(name: "TernCLITests", dependencies: ["tern", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "TernFuzzTests", dependencies: ["TernFuzz", "TernISA"]),
        .testTarget(name: "TernSpecTests", dependencies: ["TernGen", "TernSpec", "TernISA", "TernCore", "TernReference",
                                                          "TernFuzz", "TernTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
