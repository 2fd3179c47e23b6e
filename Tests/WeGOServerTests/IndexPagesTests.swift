import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// The index in the platform: the shipped editions as the public sees them, and the
/// Secretariat's import (checked before anything is saved), publication and framework.
extension ServerTests {
    @Suite struct IndexPages {
        /// One indicator per POSITIVE pillar, with no aggregates: the framework supplies them.
        static let meta = """
            Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
            1,transit,Public transport use,1,1,%,,,People,Indicator
            1,opendata,Open data sets,1,1,count,,,Openness,Indicator
            1,pm25,Fine particulate matter,-1,1,µg/m³,,,Sustainability,Indicator
            1,egov,E-government services,1,1,score,,,Institutions,Indicator
            1,metro,Rail network length,1,1,km,,,Transport,Indicator
            1,patents,Patents per capita,1,1,per 100k,,,Innovation,Indicator
            1,culture,Cultural venues,1,1,count,,,Vibrancy,Indicator
            1,broadband,Broadband coverage,1,1,%,,,Ereadiness,Indicator

            """

        static let data = """
            uCode,uName,country,transit,opendata,pm25,egov,metro,patents,culture,broadband
            SEL,Seoul,KR,65,900,18,95,350,120,400,99
            PAR,Paris,FR,60,700,14,88,220,90,900,97
            KTM,Kathmandu,NP,30,50,45,50,0,5,60,70
            QUI,Quito,EC,45,120,12,60,23,8,80,80
            ACC,Accra,GH,25,40,30,45,0,3,50,65

            """

        static let pipeline =
            #"{"steps":[{"op":"normalise","method":"minMax","range":[0,100]},{"op":"aggregate","method":"arithmeticMean"}]}"#

        static func importFields(
            _ token: String, data: String = data, meta: String = meta, slug: String = "cfri-2026-trial",
            action: String
        ) -> [(String, String)] {
            [
                ("csrf_token", token), ("title", "CFRI 2026 trial"), ("slug", slug), ("year", "2026"), ("data", data), ("meta", meta),
                ("pipeline", pipeline), ("assumptions", ""), ("region_group", ""), ("action", action),
            ]
        }

        @Test(arguments: TestDatabase.all)
        func thePublishedEditionShowsRanksAndNeverAScore(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let browser = Browser(app)
                let overview = try await browser.get("/index")
                #expect(overview.status == .ok)
                #expect(overview.text.contains("/index/cfri-2025") && overview.text.contains("/index/coinr-example"))
                #expect(overview.text.contains("People centricity") && overview.text.contains("name not published"))

                let page = try await browser.get("/index/cfri-2025")
                #expect(page.status == .ok)
                let text = page.text
                #expect(text.contains("<th scope=\"row\">London</th>") && text.contains("<th scope=\"row\">Seoul</th>"))
                #expect(text.components(separatedBy: "Not published: this rank is not named").count == 3)  // ranks 7 and 8
                #expect(text.contains("ranked 102 cities"))
                // San Francisco, Paris and Seoul are WeGO members; London is not.
                #expect(
                    text.contains("href=\"/members/paris\"") && text.contains("href=\"/members/seoul\"")
                        && text.contains("href=\"/members/san-francisco\""))
                #expect(text.components(separatedBy: "class=\"wego-member\"").count == 4)
                #expect(!text.contains("index.") && !text.contains("class=\"num\">68"))

                let csv = try await browser.get("/index/cfri-2025/ranking.csv")
                #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                #expect(csv.text.hasPrefix("rank,city,country,wego_member\n1,London,GB,\n"))
                #expect(csv.text.contains("10,Seoul,KR,seoul\n"))
                #expect(try await browser.get("/index/cfri-2025/methodology").status == .notFound)
                // The member page says where the city stands.
                let seoul = try await browser.get("/members/seoul")
                #expect(seoul.text.contains("id=\"index-rankings\"") && seoul.text.contains("Rank 10 of 102"))
                #expect(try await browser.get("/index/no-such-edition").status == .notFound)
            }
        }

        @Test(arguments: TestDatabase.all)
        func aCityLinksToAMemberOnlyWhileItIsTheOnlyLocalGovernmentOfThatName(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let browser = Browser(app)
                let admin = try await Admin.signedIn(app)
                // A namesake in another country leaves Seoul (KR) linked: the edition names the country.
                let abroad = try await Admin.memberForm(
                    admin, "/admin/members/new",
                    [
                        ("name", "SEOUL"), ("slug", "seoul-abroad"), ("category", "local_government"), ("region", "europe"),
                        ("country", "FR"),
                    ])
                #expect(abroad.status == .seeOther)
                #expect(try await browser.get("/members/seoul").text.contains("Rank 10 of 102"))
                #expect(!(try await browser.get("/members/seoul-abroad").text.contains("id=\"index-rankings\"")))
                #expect(try await browser.get("/index/cfri-2025/ranking.csv").text.contains("10,Seoul,KR,seoul\n"))

                // A second Séoul in Korea (accents and case folded away) makes the link ambiguous: neither gets it.
                let twin = try await Admin.memberForm(
                    admin, "/admin/members/new",
                    [
                        ("name", "Séoul"), ("slug", "seoul-twin"), ("category", "local_government"), ("region", "asia_pacific"),
                        ("country", "KR"),
                    ])
                #expect(twin.status == .seeOther)
                #expect(!(try await browser.get("/members/seoul").text.contains("id=\"index-rankings\"")))
                #expect(try await browser.get("/index/cfri-2025/ranking.csv").text.contains("10,Seoul,KR,\n"))

                // Renaming the twin gives the link back: the name key follows the name.
                let renamed = try await Admin.memberForm(
                    admin, "/admin/members/seoul-twin/edit",
                    [
                        ("name", "Seoul Twin"), ("slug", "seoul-twin"), ("category", "local_government"), ("region", "asia_pacific"),
                        ("country", "KR"),
                    ])
                #expect(renamed.status == .seeOther)
                #expect(try await browser.get("/members/seoul").text.contains("Rank 10 of 102"))
                let keys = try await app.db.sql.select().column("name_key").from("members").where("slug", .equal, "seoul-twin").all()
                #expect(try keys.map { try $0.decode(column: "name_key", as: String?.self) } == ["seoul twin"])
            }
        }

        @Test(arguments: TestDatabase.all)
        func theDemonstrationEditionRanksSortsFiltersAndProfiles(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let browser = Browser(app)
                let page = try await browser.get("/index/coinr-example")
                #expect(page.status == .ok)
                let rows = page.text.components(separatedBy: "<tr").dropFirst(2)  // header row, then units
                #expect(rows.count == 51)
                #expect(rows.first?.contains("Switzerland") == true && rows.first?.contains("68.38") == true)
                #expect(rows.last?.contains("Russian Federation") == true)
                #expect(page.text.contains("aria-sort=\"ascending\""))

                let ascending = try await browser.get("/index/coinr-example?sort=Index&order=asc")
                let firstAscending = ascending.text.components(separatedBy: "<tr").dropFirst(2).first ?? ""
                #expect(firstAscending.contains("35.66"))
                let asia = try await browser.get("/index/coinr-example?region=Asia")
                let asiaRows = asia.text.components(separatedBy: "<tr").dropFirst(2)
                #expect(asia.status == .ok && !asiaRows.isEmpty && asiaRows.count < 51)
                #expect(!asiaRows.contains { $0.contains(">Switzerland<") })

                let badSort = try await browser.get("/index/coinr-example?sort=Nonsense")
                #expect(badSort.status == .badRequest && badSort.text.contains("cannot be sorted by"))
                #expect(try await browser.get("/index/coinr-example?order=sideways").status == .badRequest)
                #expect(try await browser.get("/index/coinr-example?region=Atlantis").status == .badRequest)

                let csv = try await browser.get("/index/coinr-example/ranking.csv")
                let lines = csv.text.split(separator: "\n")
                #expect(lines.count == 52 && lines[0].hasPrefix("rank,uCode,uName,region,wego_member,Index,"))
                #expect(lines[1].hasPrefix("1,CHE,Switzerland,Europe,,68.38"))

                let profile = try await browser.get("/index/coinr-example/units/CHE")
                #expect(profile.status == .ok)
                #expect(profile.text.contains("1 of 51") && profile.text.contains("<svg class=\"chart radar\""))
                #expect(profile.text.contains("<svg class=\"chart bars\"") && profile.text.contains("role=\"img\""))
                #expect(profile.text.contains("Rank interval (5–95%)"))
                #expect(profile.text.contains("id=\"strengths\"") && profile.text.contains("Not linked to a WeGO member."))
                #expect(try await browser.get("/index/coinr-example/units/XXX").status == .notFound)

                let methodology = try await browser.get("/index/coinr-example/methodology")
                #expect(methodology.status == .ok)
                #expect(methodology.text.contains("the mean of the unit&#39;s group (EurAsia_group)"))
                #expect(methodology.text.contains("winsorise up to 5 points") && methodology.text.contains("id=\"treated\""))
                #expect(methodology.text.contains("min-max to the range 0–100"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func anImportIsCheckedBeforeAnythingIsSavedThenPublished(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let admin = try await Admin.signedIn(app)
                let form = try await admin.get("/admin/index/new")
                #expect(form.status == .ok && form.text.contains("enctype=\"multipart/form-data\""))
                let token = try #require(csrfToken(in: form.text))
                let before = try await IndexEdition.query(on: app.db).count()

                // A cell that is not a number and a unit code repeated: both named, nothing saved.
                let broken = Self.data.replacingOccurrences(of: "PAR,Paris,FR,60", with: "PAR,Paris,FR,sixty")
                let checked = try await admin.post("/admin/index/new", Self.importFields(token, data: broken, action: "save"))
                #expect(checked.status == .unprocessableEntity)
                #expect(checked.text.contains("line 3, column 4") && checked.text.contains("transit: &quot;sixty&quot; is not a number"))
                #expect(checked.text.contains("sixty"))  // what was sent comes back
                let repeated = Self.data + "SEL,Seoul again,KR,1,1,1,1,1,1,1,1\n"
                let twice = try await admin.post("/admin/index/new", Self.importFields(token, data: repeated, action: "check"))
                #expect(twice.text.contains("uCode &quot;SEL&quot; is empty or repeated"))
                let cycle = Self.meta.replacingOccurrences(of: "Parent,Type\n", with: "Parent,Type\n2,Loop,Loop,1,1,,,,Loop,Aggregate\n")
                let looped = try await admin.post("/admin/index/new", Self.importFields(token, meta: cycle, action: "check"))
                // Metadata with an aggregate is taken as a whole tree, so the pillars it lacks are orphans.
                #expect(looped.status == .ok && looped.text.contains("transit: its parent People is not in the metadata"))
                let negative = Self.meta.replacingOccurrences(
                    of: "1,transit,Public transport use,1,1,", with: "1,transit,Public transport use,1,-2,")
                #expect(
                    try await admin.post("/admin/index/new", Self.importFields(token, meta: negative, action: "check")).text.contains(
                        "Weight must be zero or more"))
                let badMember = Self.data.replacingOccurrences(of: "uCode,uName,country,", with: "uCode,uName,member,")
                    .replacingOccurrences(of: "SEL,Seoul,KR", with: "SEL,Seoul,nowhere")
                #expect(
                    try await admin.post("/admin/index/new", Self.importFields(token, data: badMember, action: "check")).text.contains(
                        "&quot;nowhere&quot; is not the slug of a WeGO member"))
                let geometric = try await admin.post(
                    "/admin/index/new",
                    Self.importFields(token, action: "check").map {
                        $0.0 == "pipeline"
                            ? (
                                $0.0,
                                #"{"steps":[{"op":"normalise","method":"minMax","range":[0,100]},"#
                                    + #"{"op":"aggregate","method":"geometricMean"}]}"#
                            ) : $0
                    })
                #expect(geometric.text.contains("pipeline step 2"))
                let fields = try await admin.post("/admin/index/new", Self.importFields(token, slug: "Bad Slug!", action: "save"))
                #expect(fields.status == .unprocessableEntity && fields.text.contains("lower-case letters"))
                #expect(try await IndexEdition.query(on: app.db).count() == before)

                // A clean check shows the report, links the four member cities (Seoul, Paris,
                // Kathmandu, Accra; Quito is not a member), and still saves nothing.
                let clean = try await admin.post("/admin/index/new", Self.importFields(token, action: "check"))
                #expect(clean.status == .ok && clean.text.contains("id=\"report-ok\"") && clean.text.contains("5 units are ranked"))
                #expect(clean.text.contains("Linked to WeGO members: 4") && clean.text.contains("href=\"/members/seoul\""))
                #expect(try await IndexEdition.query(on: app.db).count() == before)

                let saved = try await admin.post("/admin/index/new", Self.importFields(token, action: "save"))
                #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/admin/index/editions/cfri-2026-trial")
                let edition = try #require(try await IndexEdition.query(on: app.db).filter(\.$slug == "cfri-2026-trial").first())
                #expect(edition.status == .draft && edition.metaCSV?.contains("Dimension A") == true)

                // A draft is invisible to the public and visible to the Secretariat.
                #expect(try await Browser(app).get("/index/cfri-2026-trial").status == .notFound)
                let draft = try await admin.get("/index/cfri-2026-trial")
                #expect(draft.status == .ok && draft.text.contains("This edition is a draft"))
                let duplicate = try await admin.post("/admin/index/new", Self.importFields(token, action: "save"))
                #expect(duplicate.status == .unprocessableEntity && duplicate.text.contains("already has this address name"))

                #expect(try await admin.post("/admin/index/editions/cfri-2026-trial/publish", [("csrf_token", token)]).status == .seeOther)
                let published = try await Browser(app).get("/index/cfri-2026-trial")
                #expect(published.status == .ok && published.text.contains("4 of them are WeGO members"))
                #expect(published.text.contains("People centricity") && published.text.contains("Asia"))
                let seoul = try await Browser(app).get("/index/cfri-2026-trial/units/SEL")
                #expect(seoul.text.contains("href=\"/members/seoul\"") && seoul.text.contains("no uncertainty analysis"))
                #expect(try await admin.post("/admin/index/editions/cfri-2026-trial/delete", [("csrf_token", token)]).status == .conflict)
                #expect(
                    try await admin.post("/admin/index/editions/cfri-2026-trial/unpublish", [("csrf_token", token)]).status == .seeOther)
                #expect(try await admin.post("/admin/index/editions/cfri-2026-trial/delete", [("csrf_token", token)]).status == .seeOther)
                #expect(try await IndexEdition.query(on: app.db).count() == before)
                let actions = try await AuditRecord.query(on: app.db).all().map(\.action)
                #expect(
                    ["index.edition_import", "index.edition_publish", "index.edition_unpublish", "index.edition_delete"].allSatisfy(
                        actions.contains))
            }
        }

        @Test(arguments: TestDatabase.all)
        func theFrameworkIsEditableAndRefusesWhatIsNotATree(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let admin = try await Admin.signedIn(app)
                let page = try await admin.get("/admin/index/framework")
                #expect(page.status == .ok && page.text.contains("Institutions &amp; governance"))
                let token = try #require(csrfToken(in: page.text))
                let original = try #require(try await IndexFrameworks.record(on: app.db)).aggregatesCSV
                let orphan = original.replacingOccurrences(of: "Vibrancy,1,1,DimB", with: "Vibrancy,1,1,DimC")
                let refused = try await admin.post("/admin/index/framework", [("csrf_token", token), ("aggregates", orphan)])
                #expect(refused.status == .unprocessableEntity && refused.text.contains("its parent DimC is not in the metadata"))
                #expect(try await IndexFrameworks.record(on: app.db)?.aggregatesCSV == original)

                let renamed = original.replacingOccurrences(of: "Dimension A (name not published)", with: "Liveability")
                let saved = try await admin.post("/admin/index/framework", [("csrf_token", token), ("aggregates", renamed)])
                #expect(saved.status == .seeOther)
                #expect(try await IndexFrameworks.record(on: app.db)?.aggregatesCSV.contains("Liveability") == true)
                #expect(try await Browser(app).get("/index").text.contains("Liveability"))

                let staff = try await Admin.signedIn(app, role: .regionalStaff, region: .europe)
                #expect(try await staff.get("/admin/index").status == .forbidden)
                #expect(try await Browser(app).get("/admin/index/new").status == .seeOther)
            }
        }
    }
}
