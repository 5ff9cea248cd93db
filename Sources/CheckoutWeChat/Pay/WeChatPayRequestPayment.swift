/// The parameters of the mini-program's `wx.requestPayment`, as `pay_params` in docs/API.md.
/// Encodes with the exact keys the mini-program expects.
public struct WeChatPayRequestPayment: Codable, Sendable, Equatable {
    /// `appId`.
    public var appID: String
    /// `timeStamp`: Unix seconds as a string.
    public var timeStamp: String
    /// `nonceStr`.
    public var nonceStr: String
    /// `package`: `prepay_id=…`.
    public var package: String
    /// `signType`: `RSA`.
    public var signType: String
    /// `paySign`: base64 RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`.
    public var paySign: String

    public init(appID: String, timeStamp: String, nonceStr: String, package: String,
                signType: String = "RSA", paySign: String) {
        self.appID = appID
        self.timeStamp = timeStamp
        self.nonceStr = nonceStr
        self.package = package
        self.signType = signType
        self.paySign = paySign
    }

    enum CodingKeys: String, CodingKey {
        case timeStamp, nonceStr, package, signType, paySign
        case appID = "appId"
    }
}
