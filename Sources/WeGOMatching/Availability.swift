import Foundation
import WeGOCore

/// Availability as people type it: one window a line, "2027-03-04 09:00-12:00" in their own
/// time. Every bad line is reported with its number, so a long list is fixed in one go.
public enum Availability {
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Reason: Sendable, Equatable { case format, outsidePeriod, overlapsLine(Int) }
        public var line: Int
        public var reason: Reason

        public var description: String {
            switch reason {
            case .format: "line \(line): expected a window like 2027-03-04 09:00-12:00"
            case .outsidePeriod: "line \(line): the day is outside the period"
            case .overlapsLine(let other): "line \(line): overlaps line \(other)"
            }
        }
    }

    /// Every wrong line of one text.
    public struct Problems: Error, Sendable, Equatable { public var lines: [LineError] }

    public static let maximumWindows = 62

    /// The windows, or every line that is wrong. `period` bounds the days (a cycle's month, the
    /// weeks a request stays open); blank lines are skipped.
    public static func parse(_ text: String, period: ClosedRange<CalendarDate>? = nil) -> Result<[MeetingSlots.LocalWindow], Problems> {
        var windows: [(line: Int, window: MeetingSlots.LocalWindow)] = []
        var errors: [LineError] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            guard let window = window(line) else { errors.append(LineError(line: offset + 1, reason: .format)); continue }
            if let period, !period.contains(window.day) { errors.append(LineError(line: offset + 1, reason: .outsidePeriod)); continue }
            if let other = windows.first(where: { $0.window.day == window.day && $0.window.from < window.to && window.from < $0.window.to })
            {
                errors.append(LineError(line: offset + 1, reason: .overlapsLine(other.line))); continue
            }
            windows.append((offset + 1, window))
        }
        if windows.count > maximumWindows { errors.append(LineError(line: windows[maximumWindows].line, reason: .format)) }
        return errors.isEmpty ? .success(windows.map(\.window)) : .failure(Problems(lines: errors))
    }

    static func window(_ line: String) -> MeetingSlots.LocalWindow? {
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])) else { return nil }
        let times = parts[1].split(separator: "-")
        guard times.count == 2 else { return nil }
        return MeetingSlots.LocalWindow(day: day, from: String(times[0]), to: String(times[1]))
    }

    /// The text form, one window a line, as `parse` reads it.
    public static func text(_ windows: [MeetingSlots.LocalWindow]) -> String {
        windows.map { "\($0.day) \(clock($0.from))-\(clock($0.to))" }.joined(separator: "\n")
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
