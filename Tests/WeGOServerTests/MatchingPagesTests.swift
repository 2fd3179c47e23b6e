import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import WeGOCore
import WeGOMatching

@testable import WeGOServer

/// Solutions Meet Cities through the web: posting, cross-language suggestions with their
/// explanations, a City-to-Corporate request from request to confirmed outcome, and every
/// refusal on the way (nothing saved when refused).
extension ServerTests {
    @Suite struct MatchingPages {
        static let limaChallenge: [(String, String)] = [
            ("kind", "challenge"), ("title", "Movilidad eléctrica para el transporte público"),
            ("description", "Lima quiere electrificar su flota de autobuses y necesita estaciones de carga para vehículos eléctricos."),
            ("language", "es"), ("stage", "planning"), ("visibility", "public"), ("domains[]", "transportation"), ("sdgs[]", "sdg-11"),
        ]
        static let solution: [(String, String)] = [
            ("kind", "solution"), ("title", "Electric bus charging depots"),
            ("description", "We plan and operate charging infrastructure for electric buses and electric vehicles in city fleets."),
            ("language", "en"), ("visibility", "public"), ("references", "Minsk"), ("domains[]", "mobility"),
        ]

        /// Signs in a representative of `slug` (created on the way) and returns the browser.
        static func representative(_ app: Application, of slug: String) async throws -> Browser {
            let email = "\(slug)@members.test"
            let password = try await makeUser(app, email: email, role: .memberRepresentative, memberSlug: slug)
            let browser = Browser(app)
            try await browser.signIn(email: email, password: password)
            return browser
        }

        /// Signs in again after the clock moved past the session's lifetime.
        static func resume(_ browser: Browser, as slug: String) async throws {
            try await browser.signIn(email: "\(slug)@members.test", password: "correct horse battery staple")
        }

        /// Posts a form from the page at `path` (so the CSRF token is the page's own).
        static func submit(
            _ browser: Browser, from path: String, to action: String? = nil, _ fields: [(String, String)]
        ) async throws -> TestingHTTPResponse {
            let page = try await browser.get(path)
            let token = try #require(csrfToken(in: page.text), "no form on \(path) (\(page.status))")
            return try await browser.post(action ?? path.split(separator: "?").first.map(String.init)!, [("csrf_token", token)] + fields)
        }

        static func location(_ response: TestingHTTPResponse) -> String { response.headers.first(name: .location) ?? "" }

        @Test(arguments: TestDatabase.all)
        func aSpanishChallengeFindsAnEnglishSolutionAndSaysWhy(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                let posted = try await Self.submit(lima, from: "/matching/new?kind=challenge", Self.limaChallenge)
                #expect(posted.status == .seeOther)
                let provider = try await Self.representative(app, of: "becloud")
                let offered = try await Self.submit(provider, from: "/matching/new?kind=solution", Self.solution)
                #expect(offered.status == .seeOther)

                let page = try await lima.get(Self.location(posted))
                #expect(page.status == .ok)
                let text = page.text
                #expect(text.contains("Electric bus charging depots"))
                // The shared concept is named in the reader's language, whatever language each text is in.
                #expect(text.contains("Shared concepts") && text.contains("electric mobility"))
                #expect(text.contains("Shared domains and goals") && text.contains("Mobility"))
                #expect(text.contains("Request a meeting"))
                // Incremental: the solution posted after the challenge was found without a rebuild,
                // and an edit that removes the shared words and concepts takes it out again.
                let solutionPath = Self.location(offered)
                let edited = try await Self.submit(
                    provider, from: solutionPath + "/edit",
                    [
                        ("title", "Accounting software"), ("description", "Bookkeeping for municipal finance departments."),
                        ("language", "en"), ("visibility", "public"), ("domains[]", "finance"),
                    ])
                #expect(edited.status == .seeOther)
                #expect(!(try await lima.get(Self.location(posted))).text.contains("Accounting software"))
            }
        }

        @Test(arguments: TestDatabase.all)
        func badItemsComeBackWithFieldErrorsAndSaveNothing(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                let cases: [([(String, String)], String)] = [
                    (
                        [("kind", "challenge"), ("title", " "), ("description", "x"), ("language", "es"), ("stage", "idea")],
                        "This is required."
                    ),
                    (
                        [("kind", "challenge"), ("title", "T"), ("description", "x"), ("language", "xx"), ("stage", "idea")],
                        "not a language code"
                    ),
                    (
                        [
                            ("kind", "challenge"), ("title", "T"), ("description", "x"), ("language", "es"), ("stage", "idea"),
                            ("domains[]", "teleportation"),
                        ],
                        "Not in the taxonomy: teleportation"
                    ),
                    (
                        [
                            ("kind", "challenge"), ("title", "T"), ("description", String(repeating: "a", count: 4_001)),
                            ("language", "es"), ("stage", "idea"),
                        ],
                        "longer than 4,000 characters"
                    ),
                    (
                        [("kind", "challenge"), ("title", "T"), ("description", "x"), ("language", "es"), ("stage", "someday")],
                        "Choose one of the options"
                    ),
                ]
                for (fields, message) in cases {
                    let response = try await Self.submit(lima, from: "/matching/new?kind=challenge", fields)
                    #expect(response.status == .unprocessableEntity, "\(fields)")
                    #expect(response.text.contains(message), "\(message)")
                    #expect(response.text.contains("class=\"field-error\""))
                }
                // A city cannot offer a solution, and an unknown kind is a bad request.
                #expect(try await lima.get("/matching/new?kind=solution").status == .forbidden)
                #expect(try await lima.get("/matching/new?kind=gadget").status == .badRequest)
                #expect(try await MatchItem.query(on: app.db).count() == 0)
                // Anonymous visitors are sent to sign in.
                #expect(try await Browser(app).get("/matching/new?kind=challenge").status == .seeOther)
            }
        }

        @Test(arguments: TestDatabase.all)
        func visibilityDecidesWhoSeesAnItem(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                let fields = Self.limaChallenge.map { $0.0 == "visibility" ? ("visibility", "secretariat") : $0 }
                let path = Self.location(try await Self.submit(lima, from: "/matching/new?kind=challenge", fields))
                #expect(try await lima.get(path).status == .ok)
                #expect(try await Browser(app).get(path).status == .notFound)
                #expect(try await Self.representative(app, of: "kampala").get(path).status == .notFound)
                #expect(!(try await Browser(app).get("/matching")).text.contains("Movilidad eléctrica"))
                let secretariat = Browser(app)
                try await secretariat.signIn(email: "admin@wego.test", password: try await makeUser(app, email: "admin@wego.test"))
                #expect(try await secretariat.get(path).status == .ok)
            }
        }

        /// Lima (UTC−5) asks Minsk-based beCloud (UTC+3); their windows overlap 13:00–16:00 UTC on 25 November.
        static let limaWindows = "2026-11-25 08:00-12:00"
        static let providerWindows = "2026-11-25 15:00-19:00"

        static func requestMeeting(_ app: Application) async throws -> (lima: Browser, provider: Browser, meeting: String) {
            let lima = try await Self.representative(app, of: "lima")
            let provider = try await Self.representative(app, of: "becloud")
            let solution = Self.location(try await Self.submit(provider, from: "/matching/new?kind=solution", Self.solution))
            let requested = try await Self.submit(
                lima, from: solution + "/request",
                [
                    ("message", "¿Podemos hablar?"), ("time_zone", "America/Lima"),
                    ("windows", Self.limaWindows),
                ])
            #expect(requested.status == .seeOther)
            return (lima, provider, Self.location(requested))
        }

        @Test(arguments: TestDatabase.all)
        func aRequestBecomesAMeetingWithAnInvitationAndContactsOnlyOnceAccepted(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                let provider = try await Self.representative(app, of: "becloud")
                let solution = Self.location(try await Self.submit(provider, from: "/matching/new?kind=solution", Self.solution))
                // Bad availability names the line; nothing is saved.
                let bad = try await Self.submit(
                    lima, from: solution + "/request",
                    [
                        ("time_zone", "Mars/Olympus"),
                        ("windows", "2026-11-25 08:00-12:00\ntomorrow morning\n2027-06-01 09:00-10:00"),
                    ])
                #expect(bad.status == .unprocessableEntity)
                #expect(
                    bad.text.contains("Enter a time zone name") && bad.text.contains("Line 2: write a window")
                        && bad.text.contains("Line 3: the day must be between"))
                #expect(try await MatchMeeting.query(on: app.db).count() == 0)

                let requested = try await Self.submit(
                    lima, from: solution + "/request", [("time_zone", "America/Lima"), ("windows", Self.limaWindows)])
                let meetingPath = Self.location(requested)
                // A second open request for the same solution is refused.
                #expect(
                    try await Self.submit(
                        lima, from: solution + "/request", [("time_zone", "America/Lima"), ("windows", Self.limaWindows)]
                    ).status == .conflict)
                let before = try await lima.get(meetingPath)
                #expect(before.text.contains("Contact details are shared with both sides once both have accepted"))
                #expect(!before.text.contains("becloud@members.test"))
                #expect(try await lima.get(meetingPath + "/invitation.ics").status == .notFound)
                // The provider got an e-mail with the link.
                #expect(try await OutboxMessage.query(on: app.db).all().contains { $0.subject == "Meeting request from Lima" })
                // Someone else's meeting is not admitted to exist.
                #expect(try await Self.representative(app, of: "kampala").get(meetingPath).status == .notFound)

                let accepted = try await Self.submit(
                    provider, from: meetingPath, to: meetingPath + "/answer",
                    [("answer", "accept"), ("time_zone", "Europe/Minsk"), ("windows", Self.providerWindows)])
                #expect(accepted.status == .seeOther)
                let meeting = try #require(try await MatchMeeting.query(on: app.db).first())
                // The earliest common slot: 13:00 UTC, 08:00 in Lima and 16:00 in Minsk, for 45 minutes.
                #expect(meeting.startsAt == ISO8601DateFormatter().date(from: "2026-11-25T13:00:00Z"))
                #expect(meeting.endsAt == ISO8601DateFormatter().date(from: "2026-11-25T13:45:00Z"))
                // Both sides are told the time.
                let told = try await OutboxMessage.query(on: app.db).all().filter { $0.subject == "Meeting scheduled: Lima and beCloud" }
                #expect(Set(told.map(\.recipient)) == ["lima@members.test", "becloud@members.test"])
                let after = try await lima.get(meetingPath)
                #expect(
                    after.text.contains("becloud@members.test") && after.text.contains("(America/Lima)")
                        && after.text.contains("(Europe/Minsk)"))
                let ics = try await lima.get(meetingPath + "/invitation.ics")
                #expect(ics.status == .ok && ics.headers.contentType?.type == "text")
                #expect(
                    ics.text.contains("DTSTART:20261125T130000Z") && ics.text.contains("BEGIN:VALARM") && ics.text.contains("SEQUENCE:1"))

                // Moving the meeting outside the provider's window is refused and names who cannot make it.
                let moved = try await Self.submit(
                    lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-11-25 11:00"), ("meeting_url", "")])
                #expect(moved.status == .unprocessableEntity && moved.text.contains("outside beCloud&#39;s availability"))
                let link = try await Self.submit(
                    lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-11-25 09:00"), ("meeting_url", "ftp://x")])
                #expect(link.status == .unprocessableEntity && link.text.contains("Enter an https:// address"))
                for hostile in [
                    "https://example.org/v\r\nEND:VEVENT\r\nBEGIN:VEVENT", "https://example.org/a b", "https://example.org/\"x",
                ] {
                    let refused = try await Self.submit(
                        lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-11-25 09:00"), ("meeting_url", hostile)])
                    #expect(refused.status == .unprocessableEntity && refused.text.contains("Enter an https:// address"), "\(hostile)")
                }
                let fine = try await Self.submit(
                    lima, from: meetingPath, to: meetingPath + "/slot",
                    [("start", "2026-11-25 09:00"), ("meeting_url", "https://meet.example.org/lima")])
                #expect(fine.status == .seeOther)
                let movedMeeting = try #require(try await MatchMeeting.query(on: app.db).first())
                #expect(movedMeeting.startsAt == ISO8601DateFormatter().date(from: "2026-11-25T14:00:00Z") && movedMeeting.revision == 2)
                #expect(movedMeeting.meetingURL == "https://meet.example.org/lima")
            }
        }

        @Test(arguments: TestDatabase.all)
        func sixAcceptsAtOnceMakeOneMeeting(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let (_, provider, meetingPath) = try await Self.requestMeeting(app)
                let token = try #require(csrfToken(in: try await provider.get(meetingPath).text))
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0 ..< 6 {
                        group.addTask {
                            let browser = Browser(app)
                            browser.session = provider.session
                            return try await browser.post(
                                meetingPath + "/answer",
                                [
                                    ("csrf_token", token), ("answer", "accept"),
                                    ("time_zone", "Europe/Minsk"), ("windows", Self.providerWindows),
                                ]
                            ).status
                        }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .seeOther }.count == 1)
                #expect(statuses.filter { $0 == .conflict }.count == 5)
                #expect(try await MatchMeeting.query(on: app.db).count() == 1)
                #expect(try await MatchMeeting.query(on: app.db).first()?.revision == 1)
            }
        }

        @Test(arguments: TestDatabase.all)
        func anExpiredRequestCannotBeAccepted(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, clock: clock) { app in
                let (_, provider, meetingPath) = try await Self.requestMeeting(app)
                clock.advance(by: 15 * 86_400)
                try await Self.resume(provider, as: "becloud")
                let page = try await provider.get(meetingPath)
                #expect(page.text.contains("Expired") && !page.text.contains("name=\"answer\""))
                let late = try await provider.post(
                    meetingPath + "/answer",
                    [
                        ("csrf_token", try #require(csrfToken(in: page.text))), ("answer", "accept"),
                        ("time_zone", "Europe/Minsk"), ("windows", "2026-12-20 15:00-19:00"),
                    ])
                #expect(late.status == .conflict && late.text.contains("This request has expired"))
                #expect(try await MatchMeeting.query(on: app.db).first()?.responderAnswer == .pending)
            }
        }

        @Test(arguments: TestDatabase.all)
        func aRequestToOnesOwnSolutionIsRefused(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                // Cities do not post solutions; one entered for Lima by other means is still not Lima's to request.
                let item = MatchItem()
                item.apply(
                    MatchItemDraft(
                        kind: .solution, title: "Lima's own platform", description: "Open data.", language: "es", visibility: .public))
                item.$member.id = try await Member.query(on: app.db).filter(\.$slug == "lima").first()!.requireID()
                try await item.create(on: app.db)
                let response = try await lima.get("/matching/items/\(try item.requireID().uuidString.lowercased())/request")
                #expect(response.status == .unprocessableEntity && response.text.contains("your own organisation"))
                #expect(try await MatchMeeting.query(on: app.db).count() == 0)
            }
        }

        @Test(arguments: TestDatabase.all)
        func anOutcomeCountsOnlyWhenTheOtherSideConfirmsIt(_ database: TestDatabase) async throws {
            let clock = MutableClock(pinnedNow)
            try await withWeGOApp(database, clock: clock) { app in
                let (lima, provider, meetingPath) = try await Self.requestMeeting(app)
                _ = try await Self.submit(
                    provider, from: meetingPath, to: meetingPath + "/answer",
                    [("answer", "accept"), ("time_zone", "Europe/Minsk"), ("windows", Self.providerWindows)])
                // Not before the meeting.
                #expect(
                    try await Self.submit(lima, from: meetingPath, to: meetingPath + "/report", [("attendance", "held")]).status
                        == .conflict)
                clock.advance(by: 8 * 86_400)
                try await Self.resume(lima, as: "lima")
                try await Self.resume(provider, as: "becloud")
                #expect(
                    try await Self.submit(lima, from: meetingPath, to: meetingPath + "/outcomes", [("type", "mou")]).status == .conflict)
                #expect(
                    try await Self.submit(lima, from: meetingPath, to: meetingPath + "/report", [("attendance", "")]).status
                        == .unprocessableEntity)
                #expect(
                    try await Self.submit(
                        lima, from: meetingPath, to: meetingPath + "/report", [("attendance", "held"), ("follow_up", "Site visit")]
                    ).status == .seeOther)
                #expect(
                    try await Self.submit(provider, from: meetingPath, to: meetingPath + "/report", [("attendance", "held")]).status
                        == .seeOther)
                // A meeting that took place is not moved any more.
                #expect(
                    try await Self.submit(
                        lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-12-20 09:00"), ("meeting_url", "")]
                    ).status == .conflict)
                #expect(
                    try await Self.submit(
                        lima, from: meetingPath, to: meetingPath + "/outcomes", [("type", "mou"), ("note", "Signed in Seoul")]
                    ).status == .seeOther)
                #expect(
                    try await Self.submit(provider, from: meetingPath, to: meetingPath + "/outcomes", [("type", "mou")]).status == .conflict
                )
                let outcome = try #require(try await MatchOutcome.query(on: app.db).first())
                let confirm = "/matching/outcomes/\(try outcome.requireID().uuidString.lowercased())/confirm"
                #expect(try await Self.submit(lima, from: meetingPath, to: confirm, []).status == .conflict)
                #expect(try await MatchOutcome.query(on: app.db).first()?.confirmedAt == nil)
                #expect(try await Self.submit(provider, from: meetingPath, to: confirm, []).status == .seeOther)
                #expect(try await MatchOutcome.query(on: app.db).first()?.confirmedAt != nil)
                #expect(try await lima.get(meetingPath).text.contains("Confirmed by both"))
                #expect(try await Self.submit(provider, from: meetingPath, to: confirm, []).status == .conflict)
                // The funnel counts the meeting through every stage, to the confirmed outcome.
                let officer = Browser(app)
                try await officer.signIn(email: "officer@wego.test", password: try await makeUser(app, email: "officer@wego.test"))
                let csv = try await officer.get("/admin/matching/funnel.csv").text
                #expect(csv.contains("\r\n2026-11,americas,1,1,1,1,1\r\n"), "\(csv)")
                #expect(try await officer.get("/admin/matching").text.contains("1 confirmed outcomes"))
            }
        }
        @Test(arguments: TestDatabase.all)
        func aCitysMeetingsNeverOverlap(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let lima = try await Self.representative(app, of: "lima")
                let provider = try await Self.representative(app, of: "becloud")
                var meetings: [String] = []
                for title in ["Electric bus charging depots", "Fleet telematics for electric buses"] {
                    let fields = Self.solution.map { $0.0 == "title" ? ("title", title) : $0 }
                    let solution = Self.location(try await Self.submit(provider, from: "/matching/new?kind=solution", fields))
                    let meeting = Self.location(
                        try await Self.submit(
                            lima, from: solution + "/request", [("time_zone", "America/Lima"), ("windows", Self.limaWindows)]))
                    #expect(
                        try await Self.submit(
                            provider, from: meeting, to: meeting + "/answer",
                            [("answer", "accept"), ("time_zone", "Europe/Minsk"), ("windows", Self.providerWindows)]
                        ).status == .seeOther)
                    meetings.append(meeting)
                }
                // The second meeting is placed after the first, not on top of it.
                let starts = try await MatchMeeting.query(on: app.db).sort(\.$startsAt).all().compactMap(\.startsAt)
                #expect(starts == ["2026-11-25T13:00:00Z", "2026-11-25T13:45:00Z"].map { ISO8601DateFormatter().date(from: $0)! })
                // Moving the second onto the first is refused, naming who is already busy.
                let clash = try await Self.submit(
                    lima, from: meetings[1], to: meetings[1] + "/slot", [("start", "2026-11-25 08:00"), ("meeting_url", "")])
                #expect(clash.status == .unprocessableEntity && clash.text.contains("Lima already has a meeting then"))
                let unchanged = try await MatchMeeting.query(on: app.db).sort(\.$startsAt).all().compactMap(\.startsAt)
                #expect(unchanged == starts)
            }
        }
        @Test(arguments: TestDatabase.all)
        func withoutACommonTimeTheTwoAgreeOneWithinTheWorkingDay(_ database: TestDatabase) async throws {
            try await withWeGOApp(database) { app in
                let (lima, provider, meetingPath) = try await Self.requestMeeting(app)
                _ = try await Self.submit(
                    provider, from: meetingPath, to: meetingPath + "/answer",
                    [("answer", "accept"), ("time_zone", "Europe/Minsk"), ("windows", "2026-11-26 15:00-19:00")])
                #expect(try await MatchMeeting.query(on: app.db).first()?.startsAt == nil)
                #expect(try await lima.get(meetingPath).text.contains("no common time"))
                // Outside Minsk's working day (13:00 in Lima is 21:00 there) is still refused; 10:00 in Lima (18:00 in Minsk) is agreed.
                let early = try await Self.submit(
                    lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-11-26 13:00"), ("meeting_url", "")])
                #expect(early.status == .unprocessableEntity && early.text.contains("outside 08:00–20:00 for beCloud"))
                #expect(
                    try await Self.submit(
                        lima, from: meetingPath, to: meetingPath + "/slot", [("start", "2026-11-26 10:00"), ("meeting_url", "")]
                    ).status == .seeOther)
                #expect(
                    try await MatchMeeting.query(on: app.db).first()?.startsAt == ISO8601DateFormatter().date(from: "2026-11-26T15:00:00Z"))
            }
        }
    }
}
