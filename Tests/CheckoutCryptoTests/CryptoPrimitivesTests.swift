import Foundation
import Testing
@testable import CheckoutCrypto

@Suite struct CryptoPrimitivesTests {
    @Test func sha256OfAbc_MatchesFIPS180Vector() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash("abc") == Hex.decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    }

    @Test func sha256OfEmptyInput_MatchesFIPS180Vector() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256OfTwoBlockMessage_MatchesFIPS180Vector() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hex_RoundTripsAndRejectsMalformedInput() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.encode([0x0A, 0xBC], uppercase: true) == "0ABC")
        let all = (0...255).map(UInt8.init)
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode(all, uppercase: true) == all.map { String(format: "%02X", $0) }.joined())
        #expect(Hex.encode([]).isEmpty && Hex.decode(Hex.encode(all)) == all)
        #expect(Hex.decode("00AbfF") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func md5_MatchesRFC1321Vectors() {
        #expect(Hex.encode(MD5.hash([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.upperHex("abc") == "900150983CD24FB0D6963F7D28E17F72")
    }

    @Test func constantTimeEquals_ComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals(SHA256.hex("token"), SHA256.hex("token")))
        #expect(!ConstantTime.equals(SHA256.hex("token"), SHA256.hex("tokem")))
    }

    @Test func secureRandomBytes_HaveRequestedLengthAndDiffer() {
        let a = SecureRandom.bytes(count: 32), b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func secureRandomToken_IsPrefixedBase64URLCarryingTheRequestedEntropy() throws {
        let token = SecureRandom.token(prefix: "sk_", bytes: 24)
        #expect(token.hasPrefix("sk_"))
        let payload = String(token.dropFirst(3))
        #expect(payload.count == 32)
        #expect(payload.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try #require(Base64URL.decode(payload)).count == 24)
        #expect(SecureRandom.token(prefix: "sk_") != SecureRandom.token(prefix: "sk_"))
    }

    @Test func secureRandomAlphanumeric_UsesOnlyLettersAndDigitsAndCoversThem() {
        let sample = SecureRandom.alphanumeric(count: 4000)
        #expect(sample.count == 4000)
        #expect(sample.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        // 4000 draws from 62 symbols miss one with probability < 1e-25.
        #expect(Set(sample).count == 62)
    }

    @Test func base64URL_RoundTripsAndRejectsStandardAlphabet() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF, 0x00, 0x01]
        let encoded = Base64URL.encode(bytes)
        #expect(encoded == "-_-_AAE")
        #expect(Base64URL.decode(encoded) == bytes)
        #expect(Base64URL.decode("+/+/AAE") == nil)
    }
}
