import Testing

@Test func checkoutsqlitePlaceholder() {}
