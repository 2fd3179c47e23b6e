/// The words of a meeting's life, shared by the database, the pages and the funnel.
public enum MatchMeetingKind: String, Codable, Sendable, CaseIterable {
    case cityToCity = "city_to_city"
    case cityToCorporate = "city_to_corporate"
}

/// One side's answer to a proposed or requested meeting.
public enum MatchAnswer: String, Codable, Sendable, CaseIterable { case pending, accepted, declined }

/// What a side reports after the meeting's time.
public enum MatchAttendance: String, Codable, Sendable, CaseIterable { case held, noShow = "no_show" }

/// What came of a meeting; it counts once the other side confirms it.
public enum MatchOutcomeType: String, Codable, Sendable, CaseIterable {
    case mou
    case jointProposal = "joint_proposal"
    case jointFunding = "joint_funding_application"
    case pilot
}

/// A month of City-to-City meetings is open for cities to join until the Secretariat plans it.
public enum MatchCycleStatus: String, Codable, Sendable, CaseIterable { case open, planned }
