/// Thrown by a test that cannot run because something it needs is missing (a cross
/// tool, the built samples, the release build). XCTest records a thrown error as a
/// failure, so a missing prerequisite is a FAIL with the way to install it, never a skip.
public struct MissingPrerequisite: Error, CustomStringConvertible {
    /// What is missing.
    public var what: String
    /// The command that provides it.
    public var hint: String

    /// A missing `what`, installed or built by `hint`.
    public init(_ what: String, hint: String) { self.what = what; self.hint = hint }

    public var description: String { "FAIL: \(what) is missing (run `\(hint)`); this test cannot run without it" }
}
