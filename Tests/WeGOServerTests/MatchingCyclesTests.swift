import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// Monthly City-to-City cycles through the web: the Secretariat opens a month, cities opt in with
/// their availability, planning proposes one peer per city, and the rules hold the next month.
extension ServerTests {
    @Suite struct MatchingCycles {
        typealias Pages = MatchingPages

        static let challenges: [(slug: String, language: String, title: String, text: String, zone: String, window: String)] = [
            (
                "lima", "es", "Autobuses eléctricos", "Electrificar la flota de autobuses con movilidad eléctrica y estaciones de carga.",
                "America/Lima", "2026-12-10 09:00-12:00"
            ),
            (
                "mexico-city", "en", "Electric buses", "Electric mobility for the bus fleet, with charging stations for electric vehicles.",
                "America/Mexico_City", "2026-12-10 08:00-11:00"
            ),
            (
                "seoul", "ko", "음식물 쓰레기 감량", "고형 폐기물 수거와 재활용을 개선하고 쓰레기 매립을 줄입니다.",
                "Asia/Seoul", "2026-12-10 18:00-20:00"
            ),
            (
                "kampala", "en", "Solid waste collection", "Improve solid waste collection and recycling, and reduce landfill.",
                "Africa/Kampala", "2026-12-10 12:00-14:00"
            ),
        ]

        static func secretariat(_ app: Application) async throws -> Browser {
            let browser = Browser(app)
            try await browser.signIn(email: "officer@wego.test", password: try await makeUser(app, email: "officer@wego.test"))
            return browser
        }

        /// Every city posts its challenge and joins `month` with its window (moved to that month).
        static func joinAll(_ app: Application, month: String, browsers: [String: Browser]) async throws {
            for city in challenges {
                let browser = browsers[city.slug]!
                let window = city.window.replacingOccurrences(of: "2026-12", with: month)
                let joined = try await Pages.submit(
                    browser, from: "/matching/cycles", to: "/matching/cycles/\(month)/join",
                    [("action", "join"), ("item", ""), ("time_zone", city.zone), ("windows", window)])
                #expect(joined.status == .seeOther, "\(city.slug) \(joined.text.prefix(0))")
            }
        }

        @Test(arguments: TestDatabase.all)
        func aMonthIsPlannedOnceAndTheRulesHoldTheNextMonth(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let officer = try await Self.secretariat(app)
                // Bad months and lengths come back with field errors; nothing is opened.
                for (month, minutes, message) in [
                    ("December", "45", "Enter the month as YYYY-MM"), ("2026-10", "45", "That month has passed"),
                    ("2026-12", "5", "between 15 and 180 minutes"),
                ] {
                    let response = try await Pages.submit(
                        officer, from: "/admin/matching", [("month", month), ("meeting_minutes", minutes)])
                    #expect(response.status == .unprocessableEntity && response.text.contains(message), "\(month) \(minutes)")
                }
                #expect(try await MatchCycle.query(on: app.db).count() == 0)
                #expect(
                    try await Pages.submit(officer, from: "/admin/matching", [("month", "2026-12"), ("meeting_minutes", "45")]).status
                        == .seeOther)
                #expect(
                    try await Pages.submit(officer, from: "/admin/matching", [("month", "2026-12"), ("meeting_minutes", "45")]).text
                        .contains("already has a cycle"))

                var browsers: [String: Browser] = [:]
                for city in Self.challenges {
                    let browser = try await Pages.representative(app, of: city.slug)
                    browsers[city.slug] = browser
                    // Joining before posting anything is refused: there is nothing to match on.
                    if city.slug == "lima" {
                        let early = try await Pages.submit(
                            browser, from: "/matching/cycles", to: "/matching/cycles/2026-12/join",
                            [("action", "join"), ("time_zone", city.zone), ("windows", city.window)])
                        #expect(early.status == .unprocessableEntity && early.text.contains("Post a challenge or a project first"))
                    }
                    let posted = try await Pages.submit(
                        browser, from: "/matching/new?kind=challenge",
                        [
                            ("kind", "challenge"), ("title", city.title), ("description", city.text), ("language", city.language),
                            ("stage", "planning"), ("visibility", "members"),
                        ])
                    #expect(posted.status == .seeOther)
                }
                // Windows outside the month name their line.
                let outside = try await Pages.submit(
                    browsers["lima"]!, from: "/matching/cycles", to: "/matching/cycles/2026-12/join",
                    [("action", "join"), ("time_zone", "America/Lima"), ("windows", "2027-01-05 09:00-10:00")])
                #expect(
                    outside.status == .unprocessableEntity
                        && outside.text.contains("Line 1: the day must be between 2026-12-01 and 2026-12-31"))
                try await Self.joinAll(app, month: "2026-12", browsers: browsers)
                #expect(try await MatchParticipation.query(on: app.db).count() == 4)

                let planned = try await Pages.submit(officer, from: "/admin/matching", to: "/admin/matching/cycles/2026-12/plan", [])
                #expect(planned.status == .ok && planned.text.contains("2 meetings proposed"))
                let meetings = try await MatchMeeting.query(on: app.db).with(\.$requester).with(\.$responder).all()
                let pairs = Set(meetings.map { Set([$0.requester.slug, $0.responder.slug]) })
                #expect(pairs == [["lima", "mexico-city"], ["seoul", "kampala"]])
                // Planning twice proposes nothing twice, and a planned month takes no more sign-ups.
                #expect(
                    try await Pages.submit(officer, from: "/admin/matching", to: "/admin/matching/cycles/2026-12/plan", []).status
                        == .conflict)
                #expect(try await MatchMeeting.query(on: app.db).count() == 2)
                #expect(
                    try await Pages.submit(
                        browsers["lima"]!, from: "/matching/cycles", to: "/matching/cycles/2026-12/join",
                        [("action", "join"), ("time_zone", "America/Lima"), ("windows", "2026-12-11 09:00-10:00")]
                    ).status == .conflict)

                // Lima and Mexico City accept: one 45-minute meeting at 14:00 UTC (09:00 Lima, 08:00 Mexico City).
                let limaMeeting = try #require(meetings.first { $0.requester.slug == "lima" || $0.responder.slug == "lima" })
                let limaPath = "/matching/meetings/\(try limaMeeting.requireID().uuidString.lowercased())"
                for slug in ["lima", "mexico-city"] {
                    let page = try await browsers[slug]!.get(limaPath)
                    #expect(page.text.contains("Shared concepts") && page.text.contains("electric mobility"))
                    #expect(
                        try await Pages.submit(browsers[slug]!, from: limaPath, to: limaPath + "/answer", [("answer", "accept")]).status
                            == .seeOther)
                }
                let scheduled = try #require(try await MatchMeeting.find(limaMeeting.id, on: app.db))
                #expect(scheduled.startsAt == ISO8601DateFormatter().date(from: "2026-12-10T14:00:00Z"))
                // Seoul declines its proposal.
                let seoulMeeting = try #require(meetings.first { $0.requester.slug == "seoul" || $0.responder.slug == "seoul" })
                let seoulPath = "/matching/meetings/\(try seoulMeeting.requireID().uuidString.lowercased())"
                #expect(
                    try await Pages.submit(browsers["seoul"]!, from: seoulPath, to: seoulPath + "/answer", [("answer", "decline")]).status
                        == .seeOther)
                #expect(
                    try await Pages.submit(browsers["kampala"]!, from: seoulPath, to: seoulPath + "/answer", [("answer", "accept")]).status
                        == .conflict)

                // January: the same four cities, the same windows. Lima and Mexico City met a month ago,
                // Seoul declined Kampala: nobody is proposed, and the page says why.
                #expect(
                    try await Pages.submit(officer, from: "/admin/matching", [("month", "2027-01"), ("meeting_minutes", "45")]).status
                        == .seeOther)
                try await Self.joinAll(app, month: "2027-01", browsers: browsers)
                let january = try await Pages.submit(officer, from: "/admin/matching", to: "/admin/matching/cycles/2027-01/plan", [])
                #expect(january.status == .ok && january.text.contains("0 meetings proposed"))
                #expect(january.text.contains("its candidates met it within the last six months"))
                #expect(january.text.contains("its only candidates were declined earlier"))
                #expect(try await MatchMeeting.query(on: app.db).count() == 2)

                // The funnel: two suggested, one requested and accepted; as CSV too.
                let csv = try await officer.get("/admin/matching/funnel.csv")
                #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
                let rows = csv.text.split(separator: "\r\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
                #expect(rows.first == ["month", "region", "suggested", "requested", "accepted", "held", "confirmed_outcome"])
                let totals = (2 ..< 7).map { column in rows.dropFirst().reduce(0) { $0 + Int($1[column])! } }
                #expect(totals == [2, 1, 1, 0, 0])
                #expect(try await Browser(app).get("/admin/matching/funnel.csv").status == .seeOther)
                #expect(try await browsers["lima"]!.get("/admin/matching").status == .forbidden)
            }
        }
    }
}
