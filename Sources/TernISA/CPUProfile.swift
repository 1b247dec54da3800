/// The CPU models `--cpu` names (qemu's syntax: `NAME[,ext=true|false...]`) and
/// the extension set each gives. Only extensions Tern implements are ever
/// enabled: a profile's mandatory extension that Tern lacks is left out, and
/// what the guest is told (hwprobe, AT_HWCAP, /proc/cpuinfo) says so.
public struct CPUProfile: Sendable {
    /// The `--cpu` name.
    public let name: String
    /// One line for `--cpu help`.
    public let summary: String
    /// Its extensions (before removing those Tern does not implement).
    public let extensions: [Extension]

    /// RV64GC with the counters: what Tern implemented before the RVA profiles.
    public static let rv64gc = CPUProfile(name: "rv64gc", summary: "RV64GC (IMAFDC, Zicsr, Zifencei, Zicntr, Zihpm)",
                                          extensions: [.i, .m, .a, .f, .d, .c, .zicsr, .zifencei, .zicntr, .zihpm, .system])
    /// qemu's generic `rv64` CPU as qemu 11 configures it by default, its
    /// unprivileged extensions (what `qemu-riscv64 -cpu rv64` runs): RV64GC with
    /// the cache-block operations, hints, Zawrs, Zfa and Zba/Zbb/Zbc/Zbs, without
    /// Zicond, Zimop, Zcb, Zcmop, Zfh.
    public static let rv64 = CPUProfile(
        name: "rv64", summary: "qemu's rv64: RV64GC + Zicbom Zicbop Zicboz Zihintntl Zihintpause Zawrs Zfa Zba Zbb Zbc Zbs",
        extensions: rv64gc.extensions + [.zicbom, .zicbop, .zicboz, .zihintntl, .zihintpause, .zawrs, .zfa,
                                         .zba, .zbb, .zbc, .zbs])
    /// RVA22U64's mandatory extensions.
    public static let rva22u64 = CPUProfile(
        name: "rva22u64", summary: "RVA22U64: RV64GC + Zba Zbb Zbs Zicbom Zicbop Zicboz Zihintpause Zfhmin Zkt",
        extensions: rv64gc.extensions + [.zihintpause, .zba, .zbb, .zbs, .zicbom, .zicbop, .zicboz, .zfhmin, .zkt])
    /// RVA23U64's mandatory extensions.
    public static let rva23u64 = CPUProfile(
        name: "rva23u64", summary: "RVA23U64: RVA22U64 + V Zvfhmin Zvbb Zvkt Zicond Zimop Zcmop Zcb Zfa Zawrs Zihintntl",
        extensions: rva22u64.extensions + [.v, .zvfhmin, .zvbb, .zvkt, .zihintntl, .zicond, .zimop, .zcmop, .zcb, .zfa,
                                           .zawrs])
    /// Everything Tern implements.
    public static let max = CPUProfile(name: "max", summary: "every extension Tern implements",
                                       extensions: Extension.allCases)

    /// The models in `--cpu help` order.
    public static let all = [rv64gc, rv64, rva22u64, rva23u64, max]
}

extension Extension {
    /// The extensions Tern implements (decoder rows, handlers, reference and fuzzer).
    public static let implemented: ExtensionSet = ExtensionSet(allCases)
}

/// A `--cpu` value: a model and extension properties, as qemu's `-cpu` takes them.
public struct CPUConfiguration: Sendable, Equatable {
    /// The enabled extensions (closed under requirements, implemented ones only).
    public var extensions: ExtensionSet
    /// The model name it started from.
    public var model: String
    /// VLEN in bits (`vlen=` property, as qemu's): 128, 256 or 512; 128 by default, as qemu.
    public var vlen: Int = 128

    /// The vector lengths Tern implements.
    public static let vectorLengths = [128, 256, 512]

    /// The default: the widest model Tern implements.
    public static let `default` = try! CPUConfiguration.parse("max")

    /// Why a `--cpu` value was rejected.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Parses `NAME[,ext=true|false|on|off...]` (`ext` alone means true).
    public static func parse(_ text: String) throws(ParseError) -> CPUConfiguration {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first?.lowercased(), let profile = CPUProfile.all.first(where: { $0.name == name }) else {
            let names = CPUProfile.all.map(\.name).joined(separator: ", ")
            throw ParseError(description: "unknown CPU model '\(parts.first ?? "")' (models: \(names))")
        }
        var set = ExtensionSet(profile.extensions)
        var vlen = 128
        var disabled = ExtensionSet()
        for prop in parts.dropFirst() {
            let kv = prop.split(separator: "=", maxSplits: 1).map { String($0).lowercased() }
            if kv.first == "vlen" {
                guard kv.count == 2, let n = Int(kv[1]), vectorLengths.contains(n) else {
                    throw ParseError(description: "CPU property 'vlen' takes 128, 256 or 512")
                }
                vlen = n
                continue
            }
            guard let key = kv.first, let ext = Extension(rawValue: key), ext != .system, ext != .i else {
                throw ParseError(description: "unknown CPU property '\(prop)'")
            }
            let value = kv.count == 2 ? kv[1] : "true"
            switch value {
            case "true", "on", "yes": set.insert(ext); disabled.remove(ext)
            case "false", "off", "no": set.remove(ext); disabled.insert(ext)
            default: throw ParseError(description: "CPU property '\(key)' takes true or false, not '\(value)'")
            }
            if ext.isImplementedOrProperty == false, set.contains(ext), !disabled.contains(ext) {
                throw ParseError(description: "extension '\(key)' is not implemented by Tern")
            }
        }
        // Requirements: an extension whose requirement was switched off goes too.
        var closed = set.closed.subtracting(disabled)
        var changed = true
        while changed {
            changed = false
            for e in closed.members where e.requires.contains(where: { !closed.contains($0) }) {
                closed.remove(e); changed = true
            }
        }
        return CPUConfiguration(extensions: closed.intersection(Extension.implemented), model: name, vlen: vlen)
    }
}

extension Extension {
    /// Whether Tern implements it (always true for extensions without instructions).
    var isImplementedOrProperty: Bool { Extension.implemented.contains(self) }
}

extension CPUProfile {
    /// What `tern run -cpu help` prints: the models, then the extension properties.
    public static var helpText: String {
        let width = all.map(\.name.count).max() ?? 0
        var lines = ["Available CPU models (-cpu NAME[,EXT=true|false...]; default: $TERN_CPU, else max):"]
        lines += all.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count) + "  " + $0.summary }
        let properties = Extension.allCases.filter { $0 != .system && $0 != .i }.map(\.name)
        lines.append("Extension properties: " + properties.joined(separator: " "))
        lines.append("Other properties: vlen=128|256|512 (vector register length in bits; default 128)")
        return lines.joined(separator: "\n")
    }
}
