import Testing

@Test func checkoutwechatPlaceholder() {}
