import ArgumentParser
import TernCore

extension Engine: ExpressibleByArgument {
    /// The default engine: `auto` where the native tier exists (x86-64), else `threaded`.
    static var cliDefault: Engine { nativeAvailable ? .auto : .threaded }
}
