import Testing

@Test func checkouthttpPlaceholder() {}
