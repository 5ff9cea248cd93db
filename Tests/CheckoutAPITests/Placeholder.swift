import Testing

@Test func checkoutapiPlaceholder() {}
