import CheckoutCrypto
import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct WeChatPayRequestSignerTests {
    let signer = WeChatPayRequestSigner(merchantID: "1230000109", serialNumber: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",
                                        privateKey: try! RSAPrivateKey(pem: Fixtures.merchantKeyPKCS8))

    @Test func authorization_ForJSAPIPrepay_MatchesOpenSSLDgstSignature() throws {
        let header = try signer.authorization(method: "POST", urlPathWithQuery: "/v3/pay/transactions/jsapi",
                                              body: Fixtures.jsapiBody, timestamp: Fixtures.jsapiTimestamp,
                                              nonce: Fixtures.jsapiNonce)
        #expect(header == "WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\","
            + "signature=\"\(Fixtures.jsapiSignature)\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\"")
    }

    @Test func authorization_ForGETWithEmptyBody_SignsAnEmptyBodyLine() throws {
        let header = try signer.authorization(method: "GET", urlPathWithQuery: "/v3/certificates", body: [],
                                              timestamp: Fixtures.jsapiTimestamp, nonce: Fixtures.jsapiNonce)
        #expect(WeChatPayAuthorization(headerValue: header)?.signature == Fixtures.getCertificatesSignature)
    }

    @Test func authorization_ParsesBackAndVerifiesOnlyForTheSignedRequest() throws {
        let body = Array(#"{"mchid":"1230000109"}"#.utf8)
        let header = try signer.authorization(method: "POST", urlPathWithQuery: "/v3/pay/transactions/out-trade-no/o1/close",
                                              body: body)
        let parsed = try #require(WeChatPayAuthorization(headerValue: header))
        #expect(parsed.merchantID == "1230000109")
        #expect(parsed.serialNumber == signer.serialNumber)
        #expect(parsed.nonce.count == 32)
        #expect(abs(Int(parsed.timestamp)! - Int(Date().timeIntervalSince1970)) < 3600)
        #expect(parsed.headerValue == header)

        let merchant = try RSAPublicKey(pem: Fixtures.merchantPublicKey)
        let path = "/v3/pay/transactions/out-trade-no/o1/close"
        #expect(parsed.isValidSignature(method: "POST", urlPathWithQuery: path, body: body, publicKey: merchant))
        #expect(!parsed.isValidSignature(method: "GET", urlPathWithQuery: path, body: body, publicKey: merchant))
        #expect(!parsed.isValidSignature(method: "POST", urlPathWithQuery: path + "?x=1", body: body, publicKey: merchant))
        #expect(!parsed.isValidSignature(method: "POST", urlPathWithQuery: path, body: body + [0x20], publicKey: merchant))
        let other = try RSAPublicKey(pem: Fixtures.platformCertificate)
        #expect(!parsed.isValidSignature(method: "POST", urlPathWithQuery: path, body: body, publicKey: other))
    }

    @Test func authorizationParser_RefusesOtherSchemesAndIncompleteHeaders() {
        let good = #"WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="s",timestamp="1",serial_no="x""#
        #expect(WeChatPayAuthorization(headerValue: good) != nil)
        #expect(WeChatPayAuthorization(headerValue: good.replacingOccurrences(of: "RSA2048", with: "SM2")) == nil)
        #expect(WeChatPayAuthorization(headerValue: good.replacingOccurrences(of: #",serial_no="x""#, with: "")) == nil)
        #expect(WeChatPayAuthorization(headerValue: good.replacingOccurrences(of: #"mchid="1""#, with: "mchid=1")) == nil)
        #expect(WeChatPayAuthorization(headerValue: good + #",mchid="2""#) == nil)
        #expect(WeChatPayAuthorization(headerValue: "Bearer abc") == nil)
    }
}
