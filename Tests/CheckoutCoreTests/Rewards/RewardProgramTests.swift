import Testing
@testable import CheckoutCore

@Suite struct RewardProgramTests {
    @Test func defaultsAreOffNoRateSevenDays() {
        #expect(RewardProgram.defaults == RewardProgram(enabled: false, rateBps: 0, freezeDays: 7))
    }

    @Test func anUpdateKeepsWhatItDoesNotName() throws {
        let program = try RewardProgram.defaults.applying(RewardProgramUpdate(enabled: true, rateBps: 3000))
        #expect(program == RewardProgram(enabled: true, rateBps: 3000, freezeDays: 7))
        #expect(try program.applying(RewardProgramUpdate(freezeDays: 0)).freezeDays == 0)
    }

    @Test(arguments: [(RewardProgramUpdate(rateBps: 3001), "rate_bps"), (RewardProgramUpdate(rateBps: -1), "rate_bps"),
                      (RewardProgramUpdate(freezeDays: 31), "freeze_days"), (RewardProgramUpdate(freezeDays: -1), "freeze_days")])
    func outOfRangeIsInvalidRequestNamingTheField(update: RewardProgramUpdate, param: String) {
        let error = #expect(throws: CheckoutError.self) { try RewardProgram.defaults.applying(update) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.param == param)
    }

    @Test func productRatesShareTheCap() throws {
        #expect(try RewardProgram.validateRate(3000, param: "commission_bps") == 3000)
        let error = #expect(throws: CheckoutError.self) { try RewardProgram.validateRate(3001, param: "commission_bps") }
        #expect(error?.param == "commission_bps")
    }

    @Test func commissionStatusFilterParsesContractNamesOnly() throws {
        #expect(try CommissionStatus.parse("paid_out") == .paidOut)
        #expect(throws: CheckoutError.self) { try CommissionStatus.parse("paid") }
    }
}
