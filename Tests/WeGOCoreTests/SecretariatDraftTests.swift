import Foundation
import Testing

@testable import WeGOCore

@Suite struct SecretariatDraftTests {
    @Test func aResignationTakesEffectOnOrAfterItsNotice() throws {
        let valid = try ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-12-31", note: "  by letter  ").validate().get()
        #expect(valid.notifiedOn.iso == "2026-11-18" && valid.effectiveOn.iso == "2026-12-31" && valid.note == "by letter")
        #expect(try ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-11-18").validate().get().note == nil)
    }

    @Test(arguments: [
        (ResignationDraft(notifiedOn: "", effectiveOn: "2026-12-31"), ["notified_on": "membership.error.date"]),
        (ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-02-30"), ["effective_on": "membership.error.date"]),
        (
            ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-11-17"),
            ["effective_on": "membership.error.effective_before_notice"]
        ),
        (ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-12-31", note: "a\u{0}b"), ["note": "application.error.too_long"]),
        (
            ResignationDraft(notifiedOn: "2026-11-18", effectiveOn: "2026-12-31", note: String(repeating: "x", count: 501)),
            ["note": "application.error.too_long"]
        ),
    ])
    func refusedResignationsSayWhichField(_ draft: ResignationDraft, _ problems: [String: String]) {
        #expect(draft.validate() == .failure(FieldProblems(fields: problems)))
    }

    @Test func aGDPFigureIsACountryAPositiveAmountARecentYearAndASource() throws {
        let valid = try GDPOverrideDraft(country: "cu", value: "12,300.50", year: " 2024 ", source: " IMF WEO ")
            .validate(knownCountries: ["CU"], thisYear: 2026).get()
        #expect(valid == GDPOverrideDraft.Valid(country: "CU", value: USD(cents: 1_230_050), year: 2024, source: "IMF WEO"))
    }

    @Test func everyProblemOfAGDPFigureIsNamedAtOnce() {
        let refused = GDPOverrideDraft(country: "QQ", value: "0", year: "2027", source: "")
            .validate(knownCountries: ["CU"], thisYear: 2026)
        #expect(
            refused
                == .failure(
                    FieldProblems(
                        fields: [
                            "country": "application.error.country", "value": "gdp.error.value", "year": "gdp.error.year",
                            "source": "gdp.error.source",
                        ],
                        arguments: ["year": ["max": "2026"]])))
    }

    @Test(arguments: [
        ("", "form.reason"), ("   ", "form.reason"), ("two\nlines", "form.reason"),
        (String(repeating: "x", count: 11), "form.reason"),
    ])
    func aRequiredTextHasTheFormsOwnMessage(_ raw: String, _ key: String) {
        let refused = FieldRules.requiredText(raw, field: "reason", maxLength: 10, message: key)
        #expect(refused == .failure(FieldProblems(fields: ["reason": key])))
    }

    @Test func aMultilineTextKeepsItsLines() {
        #expect(
            FieldRules.requiredText(" one\r\ntwo ", field: "reason", maxLength: 10, multiline: true, message: "form.reason")
                == .success("one\ntwo"))
    }
}
