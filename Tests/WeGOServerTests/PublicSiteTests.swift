import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

extension ServerTests {
    @Suite struct PublicSite {
        @Test(arguments: TestDatabase.all)
        func pagesRenderWithSecurityHeaders(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                for path in ["/", "/members", "/members/seoul", "/map", "/governance", "/offices", "/contact", "/sign-in"] {
                    let response = try await app.testing().sendRequest(.GET, path)
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.text.contains("<h1>"), "\(path) has a heading")
                    #expect(response.text.contains("<html lang=\"en\">"), "\(path) is English by default")
                    let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Referrer-Policy") != nil)
                    #expect(response.headers.first(name: "X-Request-Id") != nil)
                }
            }
        }

        /// Facts as the seed documents give them (issue 12): the 2026 calendar puts the Prize
        /// ceremony on 6 October (6–8 October is Smart Life Week), and the IMF figure is named by
        /// the brochure's membership guidelines, not by the statutes.
        @Test func datesAndSourcesAreCreditedAsTheSeedsGiveThem() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let home = try await app.testing().sendRequest(.GET, "/").text
                #expect(home.contains("ceremony on 6 October 2026 in Seoul during Smart Life Week (6–8 October)"))
                #expect(!home.contains("ceremony on 6–8 October"))
                let fees = try await app.testing().sendRequest(.GET, "/fees").text
                #expect(fees.contains("membership guidelines name the IMF figure") && !fees.contains("statutes name"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func homeStatesReportedAndNamedCounts(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let named = try await Member.query(on: app.db).count()
                let home = try await app.testing().sendRequest(.GET, "/")
                #expect(home.text.contains("<strong>201</strong>"))
                #expect(home.text.contains("Browse the \(named) members named in the directory"))
                let directory = try await app.testing().sendRequest(.GET, "/members")
                #expect(directory.text.contains("The directory names \(named) of the 201 members"))
            }
        }

        /// The seed documents' abbreviations are kept, shown and searchable (issue 12: "KISA"
        /// found nothing), and a network seeded before them gets them on the next seed, once.
        @Test(arguments: TestDatabase.all)
        func abbreviationsAreShownAndSearchable(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let kisa = "korea-internet-and-security-agency"
                let search = try await app.testing().sendRequest(.GET, "/members?q=kisa")
                #expect(
                    search.text.contains("/members/\(kisa)") && search.text.contains("(KISA)") && search.text.contains("1 members found"))
                let profile = try await app.testing().sendRequest(.GET, "/members/\(kisa)")
                #expect(profile.text.contains("<dt>Abbreviation</dt><dd>KISA</dd>"))
                let api = try await app.testing().sendRequest(.GET, "/api/v1/members?q=nitda")
                #expect(api.text.contains("\"abbreviation\":\"NITDA\""))

                // As before migration 13: no abbreviation, search text without it.
                try await app.db.sql.update("members").set("abbreviation", to: SQLLiteral.null)
                    .set("search_text", to: "korea internet and security agency").where("slug", .equal, kisa).run()
                // (Each request spells the query differently: the page cache keeps the earlier answers.)
                #expect(try await app.testing().sendRequest(.GET, "/members?q=Kisa").text.contains("0 members found"))
                _ = try await Seeder.seed(try Seeder.loadCatalog(), on: app.db)
                #expect(try await app.testing().sendRequest(.GET, "/members?q=KIsa").text.contains("/members/\(kisa)"))
                let again = try await Seeder.seed(try Seeder.loadCatalog(), on: app.db)
                #expect(again.inserted.isEmpty)
            }
        }

        @Test(arguments: TestDatabase.all)
        func searchIgnoresAccentsAndCase(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let response = try await app.testing().sendRequest(.GET, "/members?q=sao+PAULO")
                #expect(response.status == .ok)
                #expect(response.text.contains("<a href=\"/members/sao-paulo\">São Paulo</a>"))
                #expect(response.text.contains("1 members found"))
                let mugla = try await app.testing().sendRequest(.GET, "/api/v1/members?q=mugla")
                #expect(mugla.text.contains("Muğla"))
                // LIKE wildcards in the query are literal characters, not patterns.
                let wildcard = try await app.testing().sendRequest(.GET, "/api/v1/members?q=%25")
                #expect(wildcard.text.contains("\"total\":0"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func filtersCombineAndCountPerFacet(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let africa = try await app.testing().sendRequest(.GET, "/members?region=africa")
                #expect(africa.text.contains(">Kampala</a>"))
                #expect(!africa.text.contains(">Seoul</a>"))
                let africaCount = try await Member.query(on: app.db).filter(\.$region == .africa).count()
                #expect(africa.text.contains("\(africaCount) members found"))
                // The region menu shows every region's count under the other filters.
                #expect(africa.text.contains("<option value=\"africa\" selected>Africa (\(africaCount))</option>"))

                let founding = try await app.testing().sendRequest(.GET, "/members?founding=yes&region=asia_pacific")
                let expected = try await Member.query(on: app.db).filter(\.$founding == true).filter(\.$region == .asiaPacific).count()
                #expect(founding.text.contains("\(expected) members found"))
                #expect(founding.text.contains(">Seoul</a>"))

                let corporations = try await app.testing().sendRequest(.GET, "/members?category=corporation")
                #expect(corporations.text.contains(">LG Electronics</a>"))
                #expect(!corporations.text.contains(">Kampala</a>"))

                let korea = try await app.testing().sendRequest(.GET, "/members?country=kr")
                #expect(korea.text.contains(">Seoul</a>") && !korea.text.contains(">Kampala</a>"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func paginationIsStableAndComplete(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                struct Page: Decodable { var items: [Item]; var total: Int; var totalPages: Int }
                struct Item: Decodable { var slug: String; var name: String }
                var seen: [String] = []
                var page = 1, pages = 1
                repeat {
                    let response = try await app.testing().sendRequest(.GET, "/api/v1/members?per=25&page=\(page)")
                    let decoded = try response.content.decode(Page.self)
                    seen += decoded.items.map(\.slug)
                    pages = decoded.totalPages
                    page += 1
                } while page <= pages
                let total = try await Member.query(on: app.db).count()
                #expect(seen.count == total)
                #expect(Set(seen).count == total, "no member appears on two pages")
                let html = try await app.testing().sendRequest(.GET, "/members?page=2")
                #expect(html.text.contains("rel=\"prev\" href=\"/members\""))
                #expect(html.text.contains("rel=\"next\" href=\"/members?page=3\""))
            }
        }

        @Test(arguments: TestDatabase.all)
        func malformedQueriesAnswer400NotServerErrors(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                for query in [
                    "page=abc", "page=0", "page=-3", "category=mayor", "region=mars", "country=KOR", "founding=maybe",
                    "q=" + String(repeating: "a", count: 201),
                ] {
                    let html = try await app.testing().sendRequest(.GET, "/members?\(query)")
                    #expect(html.status == .badRequest, "\(query)")
                    #expect(html.text.contains("<h1>"))
                    let api = try await app.testing().sendRequest(.GET, "/api/v1/members?\(query)")
                    #expect(api.status == .badRequest, "\(query)")
                    #expect(api.headers.first(name: .contentType) == "application/problem+json")
                }
                let tooMany = try await app.testing().sendRequest(.GET, "/api/v1/members?per=100000")
                #expect(tooMany.status == .badRequest)
                #expect(tooMany.text.contains("\"per\""))
            }
        }

        @Test(arguments: TestDatabase.all)
        func profileShowsRolesAndUnknownSlugIs404(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let seoul = try await app.testing().sendRequest(.GET, "/members/seoul")
                #expect(seoul.text.contains("<h1>Seoul</h1>"))
                #expect(seoul.text.contains("President City (2023-2026)"))
                let kampala = try await app.testing().sendRequest(.GET, "/members/kampala")
                #expect(kampala.text.contains("Vice President City"))
                #expect(kampala.text.contains("Africa Smart Cities Network (AFSCN)"))
                let missing = try await app.testing().sendRequest(.GET, "/members/atlantis")
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("<h1>"))
                #expect(missing.text.contains("Request id:"))
                let apiMissing = try await app.testing().sendRequest(.GET, "/api/v1/members/atlantis")
                #expect(apiMissing.status == .notFound)
                #expect(apiMissing.headers.first(name: .contentType) == "application/problem+json")
                #expect(apiMissing.text.contains("\"status\":404"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func unknownDataIsSaidNotInvented(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                // Institutions have no city coordinates or population in the seed: the page says so.
                let fiware = try #require(try await Member.query(on: app.db).filter(\.$name == "FIWARE Foundation").first())
                #expect(fiware.population == nil && fiware.latitude == nil)
                let page = try await app.testing().sendRequest(.GET, "/members/\(fiware.slug)")
                #expect(page.text.contains("Unknown: no match in Natural Earth"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func mapDrawsMembersAndATable(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let map = try await app.testing().sendRequest(.GET, "/map")
                #expect(map.text.contains("<svg"))
                #expect(map.text.contains("id=\"world-map\""))
                #expect(map.text.contains("role=\"img\""))
                #expect(map.text.contains("<table id=\"map-table\""))
                let located = try await Member.query(on: app.db).filter(\.$latitude != nil).count()
                #expect(located > 50)
                #expect(map.text.components(separatedBy: "class=\"marker local_government\"").count - 1 == located)
                #expect(map.text.contains("class=\"marker office"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func languageFollowsCookieThenAcceptLanguage(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let korean = try await app.testing().sendRequest(.GET, "/", headers: ["Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"])
                #expect(korean.text.contains("<html lang=\"ko\">"))
                let chinese = try await app.testing().sendRequest(.GET, "/members", headers: ["Accept-Language": "zh-CN"])
                #expect(chinese.text.contains("<html lang=\"zh-Hans\">"))
                let switched = try await app.testing().sendRequest(.GET, "/language?lang=es&return=/members")
                #expect(switched.status == .seeOther)
                #expect(switched.headers.first(name: .location) == "/members")
                #expect(switched.headers[.setCookie].contains { $0.hasPrefix("wego_lang=es") })
                let spanish = try await app.testing().sendRequest(.GET, "/", headers: ["Cookie": "wego_lang=es", "Accept-Language": "ko"])
                #expect(spanish.text.contains("<html lang=\"es\">"))
                // An off-site return address is ignored.
                let offsite = try await app.testing().sendRequest(.GET, "/language?lang=ko&return=//evil.example")
                #expect(offsite.headers.first(name: .location) == "/")
                let bogus = try await app.testing().sendRequest(.GET, "/language?lang=xx")
                #expect(bogus.status == .badRequest)
            }
        }

        @Test(arguments: TestDatabase.all)
        func numbersFollowTheLanguage(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let seoulEN = try await app.testing().sendRequest(.GET, "/members/seoul")
                #expect(seoulEN.text.contains("9,796,000"))
                let seoulES = try await app.testing().sendRequest(.GET, "/members/seoul", headers: ["Cookie": "wego_lang=es"])
                #expect(seoulES.text.contains("9.796.000"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func operationsEndpoints(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
                #expect(try await app.testing().sendRequest(.GET, "/readyz").status == .ok)
                _ = try await app.testing().sendRequest(.GET, "/members/seoul")
                let metrics = try await app.testing().sendRequest(.GET, "/metrics")
                #expect(metrics.text.contains("http_requests_total{method=\"GET\",route=\"/members/:slug\",status=\"200\"} 1"))
                #expect(metrics.text.contains("http_request_duration_seconds_bucket"))
            }
        }
    }
}
