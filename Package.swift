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
        .library(name: "TernCore", targets: ["TernCore"]),
        .library(name: "TernLinux", targets: ["TernLinux"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Host C runtime: guest memory reservation, fault guard, host FPU control.
        .target(name: "JITRuntime", path: "JITRuntime"),
        // ISA layer: what the bits mean.
        .target(name: "TernISA", swiftSettings: releaseFlags),
        // RISC-V floating-point semantics (IEEE 754 with RISC-V NaN and flag rules).
        .target(name: "TernFloat", dependencies: ["JITRuntime"], swiftSettings: releaseFlags),
        // C glue of the threaded engine: hart and op layouts, tail-call dispatch stubs.
        .target(name: "CoreGlue"),
        // Core: guest memory, hart state, IR, translator, translation cache, engine, stats.
        .target(name: "TernCore", dependencies: ["TernISA", "TernFloat", "CoreGlue", "JITRuntime"],
                swiftSettings: engineFlags),
        // Linux personality: ELF loader, process image, syscalls.
        .target(name: "TernLinux", dependencies: ["TernCore", "TernISA"], swiftSettings: releaseFlags),
        // The command-line client.
        .executableTarget(name: "tern", dependencies: [
            "TernLinux", "TernCore", "TernISA",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: releaseFlags),
        .testTarget(name: "TernISATests", dependencies: ["TernISA"]),
        .testTarget(name: "TernFloatTests", dependencies: ["TernFloat"]),
        .testTarget(name: "TernCoreTests", dependencies: ["TernCore", "TernISA"]),
        .testTarget(name: "TernLinuxTests", dependencies: ["TernLinux", "TernCore"]),
    ],
    swiftLanguageModes: [.v6]
)
