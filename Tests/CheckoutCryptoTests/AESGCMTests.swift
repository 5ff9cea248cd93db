import Testing
@testable import CheckoutCrypto

@Suite struct AESGCMTests {
    // The GCM specification's test case 16 (McGrew & Viega; NIST SP 800-38D):
    // 256-bit key, 96-bit IV, 60-byte plaintext, 20 bytes of AAD.
    static let key = Hex.decode("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")!
    static let iv = Hex.decode("cafebabefacedbaddecaf888")!
    static let plaintext = Hex.decode("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")!
    static let aad = Hex.decode("feedfacedeadbeeffeedfacedeadbeefabaddad2")!
    static let ciphertext = Hex.decode("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662")!
    static let tag = Hex.decode("76fc6ece0f4e1768cddf8853bb2d551b")!

    @Test func seal_ProducesNISTTestCase16CiphertextAndTag() throws {
        let sealed = try AESGCM.seal(plaintext: Self.plaintext, key: Self.key, nonce: Self.iv, associatedData: Self.aad)
        #expect(sealed == Self.ciphertext + Self.tag)
    }

    @Test func open_RecoversNISTTestCase16Plaintext() throws {
        let opened = try AESGCM.open(ciphertext: Self.ciphertext + Self.tag, key: Self.key, nonce: Self.iv,
                                     associatedData: Self.aad)
        #expect(opened == Self.plaintext)
    }

    @Test func sealAndOpen_MatchNISTTestCases13And14WithoutAAD() throws {
        let zeroKey = [UInt8](repeating: 0, count: 32), zeroIV = [UInt8](repeating: 0, count: 12)
        #expect(try AESGCM.seal(plaintext: [], key: zeroKey, nonce: zeroIV) == Hex.decode("530f8afbc74536b9a963b4f1c4cb738b"))
        let sealed = try AESGCM.seal(plaintext: [UInt8](repeating: 0, count: 16), key: zeroKey, nonce: zeroIV)
        #expect(sealed == Hex.decode("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"))
        #expect(try AESGCM.open(ciphertext: sealed, key: zeroKey, nonce: zeroIV) == [UInt8](repeating: 0, count: 16))
        #expect(try AESGCM.open(ciphertext: Hex.decode("530f8afbc74536b9a963b4f1c4cb738b")!, key: zeroKey, nonce: zeroIV) == [])
    }

    @Test(arguments: [0, 30, 59, 60, 75])
    func open_RejectsOneFlippedBitAnywhereInCiphertextOrTag(byte: Int) {
        var sealed = Self.ciphertext + Self.tag
        sealed[byte] ^= 0x01
        #expect(throws: CryptoError.self) {
            try AESGCM.open(ciphertext: sealed, key: Self.key, nonce: Self.iv, associatedData: Self.aad)
        }
        #expect(authenticationFails { try AESGCM.open(ciphertext: sealed, key: Self.key, nonce: Self.iv, associatedData: Self.aad) })
    }

    @Test func open_RejectsChangedAssociatedDataNonceOrKey() {
        let sealed = Self.ciphertext + Self.tag
        var aad = Self.aad
        aad[0] ^= 0x80
        var nonce = Self.iv
        nonce[11] ^= 0x01
        var key = Self.key
        key[31] ^= 0x01
        #expect(authenticationFails { try AESGCM.open(ciphertext: sealed, key: Self.key, nonce: Self.iv, associatedData: aad) })
        #expect(authenticationFails { try AESGCM.open(ciphertext: sealed, key: Self.key, nonce: Self.iv, associatedData: []) })
        #expect(authenticationFails { try AESGCM.open(ciphertext: sealed, key: Self.key, nonce: nonce, associatedData: Self.aad) })
        #expect(authenticationFails { try AESGCM.open(ciphertext: sealed, key: key, nonce: Self.iv, associatedData: Self.aad) })
    }

    @Test func sealAndOpen_RoundTripWithWeChatStyleTwelveCharacterNonce() throws {
        let key = Array("0123456789abcdefghijABCDEFGHIJ01".utf8)
        let nonce = Array(SecureRandom.alphanumeric(count: 12).utf8)
        let message = Array(#"{"trade_state":"SUCCESS"}"#.utf8)
        let sealed = try AESGCM.seal(plaintext: message, key: key, nonce: nonce, associatedData: Array("transaction".utf8))
        #expect(sealed.count == message.count + 16)
        #expect(try AESGCM.open(ciphertext: sealed, key: key, nonce: nonce, associatedData: Array("transaction".utf8)) == message)
    }

    @Test func keysOfWrongLengthAndShortInputsAreRefused() {
        #expect(code { try AESGCM.seal(plaintext: [1], key: [UInt8](repeating: 0, count: 16), nonce: Self.iv) } == .invalidKey)
        #expect(code { try AESGCM.open(ciphertext: Self.tag, key: [UInt8](repeating: 0, count: 31), nonce: Self.iv) } == .invalidKey)
        #expect(code { try AESGCM.open(ciphertext: [1, 2, 3], key: Self.key, nonce: Self.iv) } == .invalidInput)
        #expect(code { try AESGCM.seal(plaintext: [1], key: Self.key, nonce: []) } == .invalidInput)
    }

    private func authenticationFails(_ body: () throws -> [UInt8]) -> Bool {
        code(body) == .authenticationFailed
    }

    private func code(_ body: () throws -> [UInt8]) -> CryptoError.Code? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? CryptoError)?.code
        }
    }
}
