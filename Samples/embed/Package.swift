// swift-tools-version:6.0
// A Swift program that embeds Tern: several isolated riscv64 Linux guests in
// one process (README "Embedding"). Build and run from this directory:
//   swift build -c release && .build/release/embed ../out
import PackageDescription

let package = Package(
    name: "embed",
    dependencies: [
        .package(name: "Tern", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "embed", dependencies: [.product(name: "TernLinux", package: "Tern")]),
    ],
    swiftLanguageModes: [.v6]
)
