/// Where an order goes: `{name, phone, address, postal_code?}`.
public struct Shipping: Hashable, Sendable, Codable {
    public var name: String
    public var phone: String
    public var address: String
    public var postalCode: String?

    public init(name: String, phone: String, address: String, postalCode: String? = nil) {
        self.name = name
        self.phone = phone
        self.address = address
        self.postalCode = postalCode
    }

    enum CodingKeys: String, CodingKey {
        case name, phone, address
        case postalCode = "postal_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(phone, forKey: .phone)
        try c.encode(address, forKey: .address)
        try c.encode(postalCode, forKey: .postalCode)
    }

    /// The same address, trimmed and checked; failures name `shipping.<field>`.
    public func validated() throws(CheckoutError) -> Shipping {
        let phone = try Validate.text(phone, param: "shipping.phone", maxLength: 32)
        guard phone.unicodeScalars.allSatisfy({ "0123456789+-() ".unicodeScalars.contains($0) }),
              phone.unicodeScalars.contains(where: { $0.properties.numericType != nil })
        else { throw .invalidRequest("shipping.phone must be a phone number.", param: "shipping.phone") }
        return Shipping(
            name: try Validate.text(name, param: "shipping.name", maxLength: 100),
            phone: phone,
            address: try Validate.text(address, param: "shipping.address", maxLength: 500),
            postalCode: try Validate.optionalText(postalCode, param: "shipping.postal_code", maxLength: 20))
    }
}
