// Links the C math library: Double.squareRoot/addingProduct may lower to sqrt/fma calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
