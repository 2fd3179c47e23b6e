import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

@Suite struct MeetingSlotsTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    // Seoul is UTC+9 and Quito UTC−5: Quito's 18:00 on the 3rd is Seoul's 08:00 on the 4th.
    static let seoul = MeetingSlots.Party(
        name: "Seoul", timeZone: TimeZone(identifier: "Asia/Seoul")!,
        windows: [MeetingSlots.LocalWindow(day: day("2027-03-04"), from: "07:00", to: "12:00")!])
    static let quito = MeetingSlots.Party(
        name: "Quito", timeZone: TimeZone(identifier: "America/Guayaquil")!,
        windows: [MeetingSlots.LocalWindow(day: day("2027-03-03"), from: "17:00", to: "21:00")!])

    @Test func findsTheEarliestTimeBothCanKeep() {
        let slot = MeetingSlots.earliest(minutes: 60, for: [Self.seoul, Self.quito], notBefore: Self.utc("2027-03-01T00:00:00Z"))
        // Seoul's window starts at 07:00 but the day starts at 08:00; Quito's 18:00 is that moment.
        #expect(slot == DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 3600))
    }

    @Test func stepsAroundMeetingsAndTheEarliestMoment() {
        var quito = Self.quito
        quito.busy = [DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 1800)]
        let slot = MeetingSlots.earliest(minutes: 60, for: [Self.seoul, quito], notBefore: Self.utc("2027-03-01T00:00:00Z"))
        #expect(slot?.start == Self.utc("2027-03-03T23:30:00Z"))
        let later = MeetingSlots.earliest(minutes: 60, for: [Self.seoul, Self.quito], notBefore: Self.utc("2027-03-03T23:40:00Z"))
        #expect(later?.start == Self.utc("2027-03-03T23:45:00Z"))
        // Quito's day ends at 20:00 (01:00 UTC): a two-hour meeting from 23:00 UTC still fits, three do not.
        #expect(MeetingSlots.earliest(minutes: 120, for: [Self.seoul, Self.quito], notBefore: Self.utc("2027-03-01T00:00:00Z")) != nil)
        #expect(MeetingSlots.earliest(minutes: 180, for: [Self.seoul, Self.quito], notBefore: Self.utc("2027-03-01T00:00:00Z")) == nil)
    }

    @Test func namesWhyATimeDoesNotSuit() {
        let parties = [Self.seoul, Self.quito]
        #expect(MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 3600), for: parties) == nil)
        // 07:30 in Seoul: before its day starts.
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-03T22:30:00Z"), duration: 3600), for: parties)
                == .outsideDay("Seoul"))
        // 20:00 in Quito.
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-04T01:00:00Z"), duration: 1800), for: parties)
                == .outsideDay("Quito"))
        // Seoul 13:00 is 23:00 in Quito: the first party whose day it is not is named.
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-05T04:00:00Z"), duration: 1800), for: parties)
                == .outsideDay("Quito"))
        var busy = Self.seoul
        busy.busy = [DateInterval(start: Self.utc("2027-03-03T23:30:00Z"), duration: 3600)]
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 3600), for: [busy, Self.quito])
                == .overlaps("Seoul"))
        #expect(MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-03T23:00:00Z"), duration: 600), for: parties) == .tooShort)
        let narrow = MeetingSlots.Party(
            name: "Kampala", timeZone: TimeZone(identifier: "Africa/Kampala")!,
            windows: [MeetingSlots.LocalWindow(day: Self.day("2027-03-04"), from: "09:00", to: "10:00")!])
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-04T09:00:00Z"), duration: 1800), for: [narrow])
                == .outsideWindow("Kampala"))
    }

    @Test func localTimesAreReadStrictly() {
        let day = Self.day("2027-03-04")
        #expect(MeetingSlots.LocalWindow(day: day, from: "9:00", to: "10:30")?.from == 540)
        #expect(MeetingSlots.LocalWindow(day: day, from: "10:00", to: "09:00") == nil)
        #expect(MeetingSlots.LocalWindow(day: day, from: "25:00", to: "26:00") == nil)
        #expect(MeetingSlots.LocalWindow(day: day, from: "09:0", to: "10:00") == nil)
    }

    @Test func windowsFollowTheClockOnADaylightSavingDay() throws {
        // Berlin moves from UTC+1 to UTC+2 at 02:00 on 28 March 2027: 09:00 local is 07:00 UTC.
        let berlin = MeetingSlots.Party(
            name: "Berlin", timeZone: try #require(TimeZone(identifier: "Europe/Berlin")),
            windows: [MeetingSlots.LocalWindow(day: Self.day("2027-03-28"), from: "09:00", to: "12:00")!])
        let slot = MeetingSlots.earliest(minutes: 60, for: [berlin], notBefore: Self.utc("2027-03-27T00:00:00Z"))
        #expect(slot?.start == Self.utc("2027-03-28T07:00:00Z"))
        #expect(
            MeetingSlots.refusal(DateInterval(start: Self.utc("2027-03-28T09:30:00Z"), duration: 3600), for: [berlin])
                == .outsideWindow("Berlin"))
    }
}
