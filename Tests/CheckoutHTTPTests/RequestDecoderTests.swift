import CheckoutHTTP
import Testing

@Suite struct RequestDecoderTests {
    @Test(arguments: RequestDecoderAcceptedCases.all)
    func validRequest_DecodesTheSame_WholeByteByByteAndAtRandomSplits(_ row: DecoderCase) {
        row.verify()
    }

    @Test(arguments: RequestDecoderRejectedCases.all)
    func invalidRequest_FailsWithItsStatus_WholeByteByByteAndAtRandomSplits(_ row: DecoderCase) {
        row.verify()
    }
}
