@testable import CheckoutHTTP
import Testing

/// Request ids written byte by byte read as the interpolated form they replace.
@Suite struct RequestIDFormatTests {
    @Test(arguments: [UInt64(0), 1, 9, 10, 15, 16, 255, 256, 0xABCDEF, 0x1234_5678_9ABC_DEF0, UInt64.max])
    func idsMatchTheInterpolatedForm(counter: UInt64) {
        for prefix in ["", "1f2e3d4c1-", "a0-"] {
            #expect(RequestIDFormat.make(prefix: Array(prefix.utf8), counter: counter) == "\(prefix)\(String(counter, radix: 16))")
        }
    }
}
