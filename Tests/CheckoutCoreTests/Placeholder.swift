import Testing

@Test func checkoutcorePlaceholder() {}
