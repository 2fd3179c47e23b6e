import Foundation
import WeGOCore

/// Finding a meeting time two parties in different time zones can both keep: inside both
/// parties' availability windows, between 08:00 and 20:00 local time for both, clear of either
/// party's other meetings.
public enum MeetingSlots {
    /// A stretch of one party's local day when it can meet, e.g. 2027-03-04 09:00–12:00 in Asia/Seoul.
    public struct LocalWindow: Sendable, Equatable {
        public var day: CalendarDate
        /// Minutes after local midnight.
        public var from: Int
        public var to: Int

        public init(day: CalendarDate, from: Int, to: Int) { self.day = day; self.from = from; self.to = to }

        /// "09:00"-style times; nil for anything else.
        public init?(day: CalendarDate, from: String, to: String) {
            guard let start = Self.minutes(from), let end = Self.minutes(to), start < end else { return nil }
            self.init(day: day, from: start, to: end)
        }

        /// Minutes after midnight of an "09:30"-style time ("24:00" included); nil for anything else.
        public static func minutes(_ text: String) -> Int? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
                (0 ... 24).contains(hours), (0 ..< 60).contains(minutes), hours * 60 + minutes <= 24 * 60
            else { return nil }
            return hours * 60 + minutes
        }
    }

    public struct Party: Sendable {
        public var name: String
        public var timeZone: TimeZone
        public var windows: [LocalWindow]
        /// Meetings already agreed (absolute times).
        public var busy: [DateInterval]

        public init(name: String, timeZone: TimeZone, windows: [LocalWindow], busy: [DateInterval] = []) {
            self.name = name; self.timeZone = timeZone; self.windows = windows; self.busy = busy
        }

        /// The windows as absolute intervals, each cut to 08:00–20:00 local.
        func intervals() -> [DateInterval] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return windows.compactMap { window in
                let from = max(window.from, MeetingSlots.dayStarts), to = min(window.to, MeetingSlots.dayEnds)
                // Clock times of that day, not minutes elapsed since midnight: on a daylight-saving
                // change day the two differ by an hour.
                func moment(_ minutes: Int) -> Date? {
                    calendar.date(
                        from: DateComponents(
                            year: window.day.year, month: window.day.month, day: window.day.day,
                            hour: minutes / 60, minute: minutes % 60))
                }
                guard from < to, let start = moment(from), let end = moment(to) else { return nil }
                return DateInterval(start: start, end: end)
            }
        }

        /// Minutes after local midnight of a moment, in this party's time zone.
        func localMinutes(_ date: Date) -> Int {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        }
    }

    static let dayStarts = 8 * 60
    static let dayEnds = 20 * 60

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case outsideWindow(String)
        case outsideDay(String)
        case overlaps(String)
        case tooShort

        public var description: String {
            switch self {
            case .outsideWindow(let party): "the time is outside \(party)'s availability"
            case .outsideDay(let party): "the time is outside 08:00–20:00 for \(party)"
            case .overlaps(let party): "\(party) already has a meeting then"
            case .tooShort: "a meeting must last at least 15 minutes"
            }
        }
    }

    /// Why the slot does not suit the parties, or nil when it does.
    public static func refusal(_ slot: DateInterval, for parties: [Party]) -> Refusal? {
        if slot.duration < 15 * 60 { return .tooShort }
        for party in parties {
            let start = party.localMinutes(slot.start)
            if start < dayStarts || start + Int(slot.duration / 60) > dayEnds { return .outsideDay(party.name) }
        }
        for party in parties where !party.intervals().contains(where: { $0.start <= slot.start && slot.end <= $0.end }) {
            return .outsideWindow(party.name)
        }
        for party in parties where party.busy.contains(where: { $0.start < slot.end && slot.start < $0.end }) {
            return .overlaps(party.name)
        }
        return nil
    }

    /// The earliest slot of `minutes` that suits every party, starting on a multiple of `step`
    /// minutes and not before `earliest`; nil when there is none.
    public static func earliest(minutes: Int, for parties: [Party], notBefore earliest: Date, step: Int = 15) -> DateInterval? {
        guard minutes >= 15, step > 0, !parties.isEmpty else { return nil }
        let duration = TimeInterval(minutes * 60)
        // Each window's start, and every step after it, is a candidate start: a common slot starts
        // at one of them unless it is delayed by a meeting or by `earliest`, which the steps cover.
        // Each party's windows are turned into absolute times once; a candidate that fits them all
        // and misses every meeting is then confirmed by `refusal`, the one rule book.
        let available = parties.map { $0.intervals() }
        func fits(_ slot: DateInterval) -> Bool {
            for (party, intervals) in zip(parties, available) {
                guard intervals.contains(where: { $0.start <= slot.start && slot.end <= $0.end }),
                    !party.busy.contains(where: { $0.start < slot.end && slot.start < $0.end })
                else { return false }
            }
            return refusal(slot, for: parties) == nil
        }
        var tried = Set<Date>()
        var best: DateInterval?
        for window in available.joined() {
            var start = max(window.start, earliest)
            let offset = start.timeIntervalSince(window.start).truncatingRemainder(dividingBy: TimeInterval(step * 60))
            if offset > 0 { start += TimeInterval(step * 60) - offset }
            while start + duration <= window.end {
                if let best, start >= best.start { break }
                if tried.insert(start).inserted {
                    let slot = DateInterval(start: start, duration: duration)
                    if fits(slot) { best = slot; break }
                }
                start += TimeInterval(step * 60)
            }
        }
        return best
    }
}
