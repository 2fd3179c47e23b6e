import Testing
import Vapor
import VaporTesting

@testable import WeGOServer

extension ServerTests {
    @Suite struct FeeQuoteAPI {
        struct Quote: Decodable {
            var annualFeeUSD: Int
            var gdpPerCapitaPPP: Double?
            var gdpYear: Int?
            var row: String?
            var column: String?
            var explanation: String
        }

        @Test(arguments: TestDatabase.all)
        func quotesTheIssuesExample(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let response = try await app.testing().sendRequest(
                    .GET, "/api/v1/fees/quote?category=local_government&country=NP&population=120000")
                #expect(response.status == .ok)
                let quote = try response.content.decode(Quote.self)
                #expect(quote.annualFeeUSD == 500 && quote.gdpYear == 2024 && quote.gdpPerCapitaPPP == 5736.62)
                #expect(quote.row == "4,000–5,999" && quote.column == "50–199")
                #expect(
                    quote.explanation
                        == """
                        GDP per capita (PPP) of Nepal, 2024, World Bank WDI (NY.GDP.PCAP.PP.CD): 5,737 → row 4,000–5,999; population \
                        120,000 → column 50–199 (thousand people); annual fee USD 500.
                        """
                )
                let korean = try await app.testing().sendRequest(
                    .GET, "/api/v1/fees/quote?category=local_government&country=NP&population=120000",
                    headers: ["Accept-Language": "ko"])
                #expect(try korean.content.decode(Quote.self).explanation.contains("연회비 USD 500"))
            }
        }

        @Test(arguments: [("corporation", 50, 1_000), ("corporation", 51, 2_000), ("institution", 12, 1_000)] as [(String, Int, Int)])
        func organizationsPayByHeadCount(_ category: String, _ employees: Int, _ fee: Int) async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let response = try await app.testing().sendRequest(.GET, "/api/v1/fees/quote?category=\(category)&employees=\(employees)")
                #expect(try response.content.decode(Quote.self).annualFeeUSD == fee)
            }
        }

        @Test(arguments: [
            ("category=mayor&population=5", HTTPStatus.badRequest), ("category=local_government&country=NP", .badRequest),
            ("category=local_government&country=NP&population=0", .badRequest),
            ("category=local_government&country=NP&population=abc", .badRequest),
            ("category=local_government&population=100", .badRequest), ("category=corporation", .badRequest),
            ("category=local_government&country=QQ&population=100", .notFound),
            ("category=local_government&country=CU&population=100", .unprocessableEntity),
        ])
        func badInputIsAProblemNotAGuess(_ query: String, _ status: HTTPStatus) async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let response = try await app.testing().sendRequest(.GET, "/api/v1/fees/quote?\(query)")
                #expect(response.status == status, "\(query)")
                #expect(response.headers.first(name: .contentType) == "application/problem+json")
            }
        }
    }
}

extension ServerTests {
    @Suite struct FeeCalculatorPage {
        @Test(arguments: TestDatabase.all)
        func showsTheQuoteAndMarksTheCell(_ database: TestDatabase) async throws {
            try await withWeGOApp(database, seed: false) { app in
                let empty = try await app.testing().sendRequest(.GET, "/fees")
                #expect(empty.status == .ok)
                #expect(empty.text.contains("<table id=\"fee-matrix\""))
                #expect(!empty.text.contains("class=\"match\""))
                let page = try await app.testing().sendRequest(
                    .GET, "/fees?category=local_government&country=NP&population=120000&employees=")
                #expect(page.status == .ok)
                #expect(page.text.contains("Annual fee: USD 500"))
                #expect(page.text.contains("5,737 → row 4,000–5,999"))
                #expect(page.text.components(separatedBy: "class=\"match\"").count == 2, "exactly one cell is marked")
                #expect(page.text.contains("<td class=\"match\"><strong>500</strong>"))
                let spanish = try await app.testing().sendRequest(
                    .GET, "/fees?category=corporation&employees=50", headers: ["Cookie": "wego_lang=es"])
                #expect(spanish.text.contains("Cuota anual: USD 1000"), "Spanish groups digits from five on (CLDR)")
            }
        }

        @Test func badInputComesBackWithFieldErrors() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let page = try await app.testing().sendRequest(.GET, "/fees?category=local_government&country=NP&population=-3")
                #expect(page.status == .badRequest)
                #expect(page.text.contains("The population must be a whole number greater than zero."))
                #expect(page.text.contains("value=\"-3\""), "the form keeps what was typed")
                let unknown = try await app.testing().sendRequest(.GET, "/fees?category=local_government&country=QQ&population=100")
                #expect(unknown.status == .notFound)
                #expect(unknown.text.contains("There is no country with the code QQ."))
                let noGDP = try await app.testing().sendRequest(.GET, "/fees?category=local_government&country=CU&population=100")
                #expect(noGDP.status == .unprocessableEntity)
                #expect(noGDP.text.contains("There is no GDP per capita (PPP) figure for Cuba"))
            }
        }
    }
}
