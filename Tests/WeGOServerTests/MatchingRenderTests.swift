import Foundation
import Testing
import WeGOCore
import WeGOMatching

@testable import WeGOServer

/// The matching pages rendered from fixed page models, with no database and no HTTP: what a
/// reader sees follows from the model alone, and every value is escaped.
@Suite struct MatchingRenderTests {
    static let hostile = "<script>alert(1)</script> & Co"

    static func party(_ name: String, answer: MatchAnswer, zone: String? = nil) -> MeetingParty {
        MeetingParty(
            memberID: UUID(), name: name, slug: "x", contactEmail: nil, region: nil, answer: answer, timeZone: zone,
            windows: nil, item: nil)
    }

    static func meeting(requester: MeetingParty, responder: MeetingParty, startsAt: Date? = nil) -> MeetingSummary {
        MeetingSummary(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!, kind: .cityToCorporate, cycleID: nil,
            cycleMonth: nil, requester: requester, responder: responder, explanation: nil, message: "",
            expiresAt: pinnedNow.addingTimeInterval(86_400), startsAt: startsAt,
            endsAt: startsAt?.addingTimeInterval(2_700), meetingURL: nil, createdAt: pinnedNow)
    }

    static let thesaurus = Result { try Thesaurus(json: Resources.data("Matching/thesaurus.json")) }

    @Test func theMeetingListNamesTheOtherSideEscapedAndAsksForAnAnswer() throws {
        let context = try PageRenderTests.context()
        let mine = Self.party("Lima", answer: .pending)
        let meeting = Self.meeting(requester: Self.party(Self.hostile, answer: .accepted), responder: mine)
        let html = MeetingViews.list(context, meetings: [meeting], memberID: mine.memberID, now: pinnedNow).description
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("href=\"/matching/meetings/00000000-0000-0000-0000-0000000000ab\""))
        #expect(html.contains(context.t("match.meeting.your_answer_needed")))
        #expect(html.contains(context.t("match.meeting.state.awaiting")))
    }

    @Test func aMeetingPageShowsTheTimeInEachSidesZoneAndNoContactsBeforeBothAccept() throws {
        let context = try PageRenderTests.context()
        let thesaurus = try Self.thesaurus.get()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let accepted = Self.meeting(
            requester: Self.party("Lima", answer: .accepted, zone: "America/Lima"),
            responder: Self.party("beCloud", answer: .accepted, zone: "Europe/Minsk"), startsAt: start)
        let page = MeetingPage(
            meeting: accepted, side: .requester, reports: [], outcomes: [],
            contacts: [MeetingPage.Contact(memberID: accepted.responder.memberID, name: "Olga", email: "olga@becloud.test")],
            now: pinnedNow)
        let html = MeetingViews.meeting(context, page: page, thesaurus: thesaurus, errors: [:], form: [:])
            .description
        #expect(html.contains("America/Lima") && html.contains("Europe/Minsk"))
        #expect(html.contains("mailto:olga@becloud.test"))
        #expect(html.contains("/invitation.ics"))

        var pending = accepted
        pending.responder.answer = .pending
        pending.startsAt = nil
        let hidden = MeetingViews.meeting(
            context,
            page: MeetingPage(
                meeting: pending, side: .requester, reports: [], outcomes: [],
                contacts: [], now: pinnedNow),
            thesaurus: thesaurus, errors: [:], form: [:]
        ).description
        #expect(!hidden.contains("mailto:") && hidden.contains(context.t("match.meeting.contacts_hidden")))
    }
}
