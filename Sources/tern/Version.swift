/// Tern's version: `tern --version`, the Debian package's version (`make deb`).
enum TernVersion {
    static let number = "0.9.0"
}
