import Foundation
import Testing

@testable import WeGOCore

@Suite struct CalendarInvitationTests {
    static let invitation = CalendarInvitation(
        uid: "meeting-42@wego.test", start: ISO8601DateFormatter().date(from: "2027-03-03T23:00:00Z")!,
        end: ISO8601DateFormatter().date(from: "2027-03-04T00:00:00Z")!,
        summary: "Solutions Meet Cities: Seoul, Quito", description: "Electric buses; charging, depots\\fleets\nSecond line",
        url: "https://meet.example.org/smc-42",
        organizer: .init(name: "WeGO Secretariat", email: "secretariat@wego.test"),
        attendees: [.init(name: "Seoul \"Smart\" City", email: "seoul@example.org"), .init(name: "Quito", email: "quito@example.org")])

    /// What one party types must not become lines of the other's calendar (issue 12: a meeting
    /// link with CR LF wrote a second event into the invitation).
    @Test(arguments: [
        "https://example.org/v\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        "https://example.org/v\nATTENDEE:mailto:evil@example.org", "https://example.org/v\u{2028}X-INJECTED:1",
        "https://example.org/a b", "https://example.org/\"quote",
    ])
    func nothingTypedBreaksOutOfItsProperty(_ hostile: String) {
        var invitation = Self.invitation
        invitation.url = hostile
        invitation.summary = "Seoul\r\nEND:VEVENT\u{0B}\u{7}"
        invitation.description = hostile
        invitation.organizer = .init(name: "Secretariat\r\nX-EVIL:1", email: "secretariat@wego.test\r\nX-EVIL:2")
        invitation.attendees = [.init(name: "Quito\"\r\nATTENDEE:mailto:x@y", email: "quito@example.org")]
        let text = invitation.text(now: ISO8601DateFormatter().date(from: "2027-02-01T10:00:00Z")!)
        let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast()
        let names = lines.map { String($0.prefix { $0 != ":" && $0 != ";" }) }
        #expect(names.filter { $0 == "BEGIN" }.count == 3 && names.filter { $0 == "END" }.count == 3)  // calendar, event, alarm
        #expect(!names.contains { $0.hasPrefix("X-") } && names.filter { $0 == "ATTENDEE" }.count == 1)
        #expect(!names.contains("URL") && !names.contains("ORGANIZER"))
        #expect(text.unicodeScalars.allSatisfy { $0 == "\r" || $0 == "\n" || $0.properties.generalCategory != .control })
        #expect(!text.contains("\u{2028}"))
    }

    @Test func writesARequestWithAlarmAndLink() {
        let text = Self.invitation.text(now: ISO8601DateFormatter().date(from: "2027-02-01T10:00:00Z")!)
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR" && lines.last == "")
        #expect(lines.contains("METHOD:REQUEST") && lines.contains("DTSTART:20270303T230000Z") && lines.contains("DTEND:20270304T000000Z"))
        #expect(lines.contains("DTSTAMP:20270201T100000Z") && lines.contains("UID:meeting-42@wego.test"))
        #expect(lines.contains("SUMMARY:Solutions Meet Cities: Seoul\\, Quito"))
        #expect(
            lines.contains("DESCRIPTION:Electric buses\\; charging\\, depots\\\\fleets\\nSecond line\\n\\nhttps://meet.example.org/smc-42"))
        #expect(lines.contains("URL:https://meet.example.org/smc-42"))
        #expect(lines.contains { $0.hasPrefix("ATTENDEE;CN=\"Seoul Smart City\";") && $0.hasSuffix(":mailto:seoul@example.org") })
        #expect(lines.contains("TRIGGER:-PT15M") && lines.contains("BEGIN:VALARM") && lines.contains("ACTION:DISPLAY"))
        // Every physical line is at most 75 octets, and folding only ever happens between characters.
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let bytes = Array(text.utf8)
        let bareNewlines = bytes.indices.filter { bytes[$0] == 10 && ($0 == 0 || bytes[$0 - 1] != 13) }
        #expect(bareNewlines.isEmpty, "line feeds without carriage return at \(bareNewlines)")
    }

    @Test func foldsMultibyteTextWithoutBreakingACharacter() {
        let line = "SUMMARY:" + String(repeating: "서울특별시 스마트시티 ", count: 8)
        let folded = CalendarInvitation.fold(line)
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func aCancellationHasNoAlarm() {
        var cancelled = Self.invitation
        cancelled.cancelled = true
        cancelled.sequence = 1
        let text = cancelled.text(now: Date(timeIntervalSince1970: 0))
        #expect(text.contains("METHOD:CANCEL\r\n") && text.contains("STATUS:CANCELLED\r\n") && text.contains("SEQUENCE:1\r\n"))
        #expect(!text.contains("VALARM"))
    }
}
