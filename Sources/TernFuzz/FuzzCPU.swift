import Foundation
import TernISA

/// The CPU model a fuzz campaign runs under both emulators: the `--cpu` value
/// for tern and the equivalent qemu `-cpu` (every extension Tern knows set
/// explicitly, plus qemu's own extras switched off), so that an instruction is
/// legal on one side exactly when it is on the other.
public struct FuzzCPU: Sendable, Equatable {
    /// The parsed model.
    public let configuration: CPUConfiguration
    /// The `--cpu` text it was parsed from.
    public let ternArgument: String
    /// The qemu `-cpu` value.
    public let qemuArgument: String
    /// Further qemu options: `-one-insn-per-tb` from qemu 9 on. qemu 11.1's TCG
    /// optimizer drops a `sext.h` after `cpop; roriw` in one translation block
    /// (docs/FUZZING.md, qemu deviations); one instruction per block keeps the
    /// reference to the specification.
    public let qemuExtraOptions: [String]

    public var extensions: ExtensionSet { configuration.extensions }

    /// Extensions qemu may enable by default that Tern does not implement.
    static let qemuExtras = ["h", "zbkb", "zbkc", "zbkx", "zknd", "zkne", "zknh", "zkr", "zksed", "zksh",
                             "svinval", "svnapot", "svpbmt", "zfinx"]

    /// The qemu property name of `e` (qemu 7.2 capitalised a few).
    static func qemuName(_ e: Extension, major: Int) -> String {
        guard major < 8 else { return e.name }
        switch e {
        case .zicsr: return "Zicsr"
        case .zifencei: return "Zifencei"
        case .zfh: return "Zfh"
        case .zfhmin: return "Zfhmin"
        default: return e.name
        }
    }

    /// Extensions qemu 7.2 does not know (its `-cpu` rejects them as properties).
    static let newerThanQemu7 = ExtensionSet([.zicond, .zimop, .zcmop, .zcb, .zfa, .zawrs, .zihintntl,
                                              .zihintpause, .zicbom, .zicboz, .zicbop, .zicntr, .zihpm, .zkt,
                                              .zvbb, .zvkt, .zvfh, .zvfhmin])
    /// Of those, what qemu 7.2 always provides (the counters) or that has no instruction (Zkt).
    static let alwaysInQemu7 = ExtensionSet([.zicntr, .zihpm, .zkt])

    /// The model `cpu` (tern's `--cpu` syntax) for a qemu of major version `qemuMajor`.
    public init(_ cpu: String, qemuMajor: Int) throws {
        configuration = try CPUConfiguration.parse(cpu)
        ternArgument = cpu
        var props: [String] = []
        for e in Extension.allCases where e != .system && e != .i {
            if qemuMajor < 9 && Self.newerThanQemu7.contains(e) {
                if configuration.extensions.contains(e) && !Self.alwaysInQemu7.contains(e) {
                    throw FuzzSetupError(description: "qemu \(qemuMajor) does not implement \(e.name): use a newer qemu (make setup) or --cpu rv64gc")
                }
                continue
            }
            props.append("\(Self.qemuName(e, major: qemuMajor))=\(configuration.extensions.contains(e))")
        }
        props += Self.qemuExtras.map { $0 + "=false" }
        if qemuMajor < 8 { props += ["zk=false", "zkn=false", "zks=false"] }
        if configuration.extensions.contains(.v) {
            // Agnostic elements as Tern fills them (all ones), the same VLEN.
            props += ["vlen=\(configuration.vlen)", "rvv_ta_all_1s=true", "rvv_ma_all_1s=true"]
        }
        qemuArgument = (["rv64"] + props).joined(separator: ",")
        qemuExtraOptions = qemuMajor >= 9 ? ["-one-insn-per-tb"] : []
    }

    /// RV64GC against any qemu (7.2's property names).
    public static let legacy = try! FuzzCPU("rv64gc", qemuMajor: 7)

    /// The major version `qemu -version` reports (0 when it cannot be run).
    public static func qemuMajorVersion(_ qemu: String) -> Int {
        guard let r = try? BatchRunner.execute(qemu, ["-version"], timeout: 20), r.status == 0,
              case let text = String(decoding: r.stdout, as: UTF8.self),
              let range = text.range(of: "version ") else { return 0 }
        return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }
}
