import Foundation

/// A meeting invitation as an iCalendar object (RFC 5545): one VEVENT in UTC with a display
/// alarm and the meeting link, lines folded at 75 octets and text escaped, so calendar programs
/// import it as it is.
public struct CalendarInvitation: Sendable, Equatable {
    public struct Attendee: Sendable, Equatable {
        public var name: String
        public var email: String
        public init(name: String, email: String) { self.name = name; self.email = email }
    }

    /// Stable across updates of the same meeting (a calendar replaces the event with the same UID).
    public var uid: String
    public var sequence: Int
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String
    public var url: String?
    public var organizer: Attendee
    public var attendees: [Attendee]
    public var alarmMinutesBefore: Int
    public var cancelled: Bool

    public init(
        uid: String, sequence: Int = 0, start: Date, end: Date, summary: String, description: String, url: String?,
        organizer: Attendee, attendees: [Attendee], alarmMinutesBefore: Int = 15, cancelled: Bool = false
    ) {
        self.uid = uid; self.sequence = sequence; self.start = start; self.end = end; self.summary = summary
        self.description = description; self.url = url; self.organizer = organizer; self.attendees = attendees
        self.alarmMinutesBefore = alarmMinutesBefore; self.cancelled = cancelled
    }

    /// The object's text, stamped `now`; CRLF line ends as the standard requires.
    public func text(now: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//WeGO//Solutions Meet Cities//EN", "CALSCALE:GREGORIAN",
            "METHOD:\(cancelled ? "CANCEL" : "REQUEST")",
            "BEGIN:VEVENT",
            "UID:\(Self.escape(uid))",
            "SEQUENCE:\(sequence)",
            "DTSTAMP:\(Self.utc(now))",
            "DTSTART:\(Self.utc(start))",
            "DTEND:\(Self.utc(end))",
            "SUMMARY:\(Self.escape(summary))",
            "DESCRIPTION:\(Self.escape(description + (url.map { "\n\n" + $0 } ?? "")))",
            "STATUS:\(cancelled ? "CANCELLED" : "CONFIRMED")",
        ]
        if let address = Self.mailto(organizer.email) { lines.append("ORGANIZER;CN=\(Self.parameter(organizer.name)):\(address)") }
        // A URI property cannot be escaped, only refused: a link with a space, a quote or a
        // control character (CR LF would start a new property or event) is left out; the
        // escaped DESCRIPTION and LOCATION still carry its text.
        if let url {
            if Self.isPlainURI(url) { lines.append("URL:\(url)") }
            lines.append("LOCATION:\(Self.escape(url))")
        }
        for attendee in attendees {
            guard let mailto = Self.mailto(attendee.email) else { continue }
            lines.append(
                "ATTENDEE;CN=\(Self.parameter(attendee.name));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:\(mailto)"
            )
        }
        if !cancelled {
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:\(Self.escape(summary))", "TRIGGER:-PT\(alarmMinutesBefore)M", "END:VALARM",
            ]
        }
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// TEXT values: backslash, semicolon, comma and every kind of line break escaped (RFC 5545
    /// §3.3.11); other control characters, which TEXT cannot hold, dropped (a tab is kept).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text.replacingOccurrences(of: "\r\n", with: "\n") {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case _ where character.isNewline: out += "\\n"
            case "\t": out.append(character)
            case _ where isControl(character): continue
            default: out.append(character)
            }
        }
        return out
    }

    /// A parameter value: quoted, with what a quoted value cannot hold (quotes, controls) removed.
    static func parameter(_ text: String) -> String {
        "\"" + text.filter { $0 != "\"" && !$0.isNewline && !isControl($0) } + "\""
    }

    /// A link that can stand as a URI value as it is: http(s), printable ASCII, no space or quote.
    public static func isPlainURI(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://"))
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }
    }

    /// `mailto:` and the address, or nil for an address that could break the line.
    static func mailto(_ email: String) -> String? {
        guard !email.isEmpty, email.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: ";") })
        else { return nil }
        return "mailto:" + email
    }

    private static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Lines longer than 75 octets continue on lines that start with a space, never splitting a
    /// UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
