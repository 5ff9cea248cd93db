import CheckoutAPI
import CheckoutCore
import Foundation
import Testing

/// `Product` and `Page<Product>` written by hand give the same JSON as their `Encodable` form.
@Suite struct ProductJSONTests {
    static let awkward = "Quote \" backslash \\ slash / nl \n tab \t nul \u{00} bell \u{07} us \u{1F} "
        + "LS \u{2028} PS \u{2029} 中文 é 😀 \u{7F}"

    /// Products covering every optional field set and unset, and hard text in every string.
    static let products: [Product] = {
        var all: [Product] = []
        for description in [nil, "", "Fine leaves", awkward] {
            for imageURL in [nil, "https://img.example.com/a/b.png?x=1&y=\"2\""] {
                for stock in [nil, 0, 7, Int64.max] as [Int64?] {
                    for active in [true, false] {
                        all.append(Product(
                            id: "prod_\(all.count)", shopID: "shop_\u{2028}\(all.count)",
                            title: all.count.isMultiple(of: 2) ? awkward : "Oolong", description: description,
                            imageURL: imageURL, price: all.count.isMultiple(of: 3) ? 0 : 1_000_000_000_000,
                            currency: Currency(code: all.count.isMultiple(of: 2) ? "CNY" : "USD")!, stock: stock,
                            active: active, createdAt: Timestamp(milliseconds: 1_764_000_000_123 + Int64(all.count)),
                            updatedAt: Timestamp(seconds: -86_401)))
                    }
                }
            }
        }
        return all
    }()

    func written(_ value: some JSONWritable) -> [UInt8] {
        var json = JSONWriter()
        value.write(to: &json)
        return json.bytes
    }

    @Test func everyProductIsWrittenAsJSONEncoderWouldEncodeIt() throws {
        #expect(Self.products.count == 64)
        for product in Self.products {
            let expected = try JSONTree.parse(try JSONCoding.encode(product))
            #expect(try JSONTree.parse(written(product)) == expected, "\(product.id)")
        }
    }

    @Test(arguments: [0, 1, 64])
    func pagesAreWrittenAsJSONEncoderWouldEncodeThem(count: Int) throws {
        for hasMore in [false, true] {
            let page = Page(data: Array(Self.products.prefix(count)), hasMore: hasMore)
            #expect(try JSONTree.parse(written(page)) == JSONTree.parse(try JSONCoding.encode(page)))
        }
    }

    @Test func nullsAreWrittenExplicitly() throws {
        let product = Product(id: "prod_1", shopID: "shop_1", title: "Tea", price: 100, currency: .cny,
                              createdAt: Timestamp(seconds: 0), updatedAt: Timestamp(seconds: 0))
        let tree = try JSONTree.parse(written(product))
        guard case .object(let fields) = tree else { Issue.record("not an object"); return }
        #expect(fields["description"] == .null)
        #expect(fields["image_url"] == .null)
        #expect(fields["stock"] == .null)
        #expect(fields["commission_bps"] == .null)
        #expect(fields["created_at"] == .string("1970-01-01T00:00:00Z"))
        #expect(fields.count == 12)
    }

    @Test func sharedEncoderSortsObjectKeys() throws {
        let text = String(decoding: try JSONCoding.encode(["zeta": 1, "alpha": 2, "mid": 3, "beta": 4]), as: UTF8.self)
        #expect(text == #"{"alpha":2,"beta":4,"mid":3,"zeta":1}"#)
    }
}
