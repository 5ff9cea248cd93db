import CheckoutCrypto
import CheckoutQQ
import CheckoutWeChat
import Testing

@Suite struct QPaySignatureTests {
    let signature = QPaySignature(apiKey: "0123456789abcdef0123456789abcdef")

    @Test func sign_IsUppercaseMD5OverSortedNonEmptyFieldsAndKey() {
        // MD5("appid=1110000000&body=Oolong&mch_id=1900000109&nonce_str=abc&total_fee=3000&key=0123…ef").
        let fields = XMLFields([("total_fee", "3000"), ("mch_id", "1900000109"), ("empty", ""), ("body", "Oolong"),
                                ("nonce_str", "abc"), ("appid", "1110000000"), ("sign", "IGNORED")])
        #expect(signature.sign(fields) == "4B68678E28E8AC7BC04D19011EF29AAA")
    }

    @Test func verify_AcceptsOnlyTheRightSignature() {
        let signed = signature.signed(XMLFields([("a", "1"), ("b", "2")]))
        #expect(signature.verify(signed))
        var lower = signed
        lower["sign"] = signed["sign"]?.lowercased()
        #expect(signature.verify(lower))
        var tampered = signed
        tampered["a"] = "2"
        #expect(!signature.verify(tampered))
        #expect(!QPaySignature(apiKey: "another-key-another-key-another-k").verify(signed))
        var missing = signed
        missing["sign"] = nil
        #expect(!signature.verify(missing))
    }

    @Test func md5_MatchesRFC1321Vectors() {
        #expect(MD5.upperHex("") == "D41D8CD98F00B204E9800998ECF8427E")
        #expect(MD5.upperHex("abc") == "900150983CD24FB0D6963F7D28E17F72")
    }
}
