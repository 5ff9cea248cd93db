/// Two field lists are equal when they hold the same names and values in the same order.
/// (Needed so `HTTPRequestHead` and `HTTPDecoderEvent` can be `Equatable`.)
extension HTTPFields: Equatable {
    public static func == (lhs: HTTPFields, rhs: HTTPFields) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
