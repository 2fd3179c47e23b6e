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
                #expect(page.text.contains("The population must be a whole number from 1 to 999,999,999."))
                #expect(page.text.contains("value=\"-3\""), "the form keeps what was typed")
                let unknown = try await app.testing().sendRequest(.GET, "/fees?category=local_government&country=QQ&population=100")
                #expect(unknown.status == .notFound)
                #expect(unknown.text.contains("There is no country with the code QQ."))
                let noGDP = try await app.testing().sendRequest(.GET, "/fees?category=local_government&country=CU&population=100")
                #expect(noGDP.status == .unprocessableEntity)
                #expect(noGDP.text.contains("There is no GDP per capita (PPP) figure for Cuba"))
            }
        }

        /// Every parameter the document declares is checked when it is sent, whatever the
        /// category uses (issue 12: an empty country and a negative population were accepted).
        @Test(arguments: [
            ("category=corporation&employees=10&population=-5", "population"),
            ("category=corporation&employees=10&population=", "population"),
            ("category=corporation&employees=10&country=", "country"),
            ("category=institution&employees=10&country=K1", "country"),
            ("category=local_government&country=NP&population=120000&employees=0", "employees"),
            ("category=local_government&country=NP&population=1,200", "population"),
        ])
        func declaredParametersAreCheckedEvenWhereUnused(_ query: String, _ field: String) async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let response = try await app.testing().sendRequest(.GET, "/api/v1/fees/quote?" + query)
                #expect(response.status == .badRequest)
                #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.errors?[field] != nil, "\(problem)")
            }
        }

        /// A path that exists answers 405 with `Allow` to a method it does not take; an unknown
        /// path is still 404 (issue 12: both were 404).
        @Test func anUndeclaredMethodIs405WithAllow() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let api = try await app.testing().sendRequest(.DELETE, "/api/v1/fees/quote")
                #expect(api.status == .methodNotAllowed && api.headers.first(name: .allow) == "GET, HEAD")
                #expect(api.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let member = try await app.testing().sendRequest(.PUT, "/api/v1/members/seoul")
                #expect(member.status == .methodNotAllowed && member.headers.first(name: .allow) == "GET, HEAD")
                let form = try await app.testing().sendRequest(.PUT, "/admin/members/new")
                #expect(form.status == .methodNotAllowed && form.headers.first(name: .allow) == "GET, HEAD, POST")
                #expect(try await app.testing().sendRequest(.DELETE, "/api/v1/no-such-thing").status == .notFound)
                #expect(try await app.testing().sendRequest(.GET, "/no/such/page").status == .notFound)
                // A route's own 404 (an unknown member) stays a 404.
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/members/no-such-member").status == .notFound)
            }
        }
    }
}
