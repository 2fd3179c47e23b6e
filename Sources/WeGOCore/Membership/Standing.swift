import Foundation

/// The secretariat's terms, set once per installation (`WEGO_PAYMENT_TERM_DAYS`,
/// `WEGO_GRACE_DAYS`, `WEGO_REMINDER_OFFSETS`). A period stores the dates computed from them when
/// it is created, so changing a term later never rewrites an issued invoice.
public struct MembershipPolicy: Sendable, Hashable {
    /// Days from an invoice's issue to its due date.
    public var paymentTermDays: Int
    /// Days after the due date during which an unpaid member is still a member ("in grace").
    public var graceDays: Int
    /// Reminder days relative to the due date: negative before it, positive after.
    public var reminderOffsets: [Int]

    public init(paymentTermDays: Int = 30, graceDays: Int = 90, reminderOffsets: [Int] = [-14, 7, 30]) {
        self.paymentTermDays = paymentTermDays
        self.graceDays = graceDays
        self.reminderOffsets = reminderOffsets.sorted()
    }

    public static let standard = MembershipPolicy()

    /// Members approved from this day of the year on (1 December) start with the next year: a
    /// fee for the few weeks left would be billed again at once by the renewal.
    public var nextYearFrom = (month: 12, day: 1)

    /// The first membership year of a member approved on `day`, and the day its terms run from.
    public func firstYear(approvedOn day: CalendarDate) -> (year: Int, termsFrom: CalendarDate) {
        let year = (day.month, day.day) >= nextYearFrom ? day.year + 1 : day.year
        return (year, max(day, .firstOfYear(year)))
    }

    public static func == (a: MembershipPolicy, b: MembershipPolicy) -> Bool {
        a.paymentTermDays == b.paymentTermDays && a.graceDays == b.graceDays && a.reminderOffsets == b.reminderOffsets
            && a.nextYearFrom == b.nextYearFrom
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(paymentTermDays); hasher.combine(graceDays); hasher.combine(reminderOffsets)
        hasher.combine(nextYearFrom.month); hasher.combine(nextYearFrom.day)
    }

    /// The due date and end of grace of a period whose invoice is issued on `issuedOn`.
    public func terms(issuedOn: CalendarDate) -> (dueOn: CalendarDate, graceUntil: CalendarDate) {
        let due = issuedOn.adding(days: paymentTermDays)
        return (due, due.adding(days: graceDays))
    }
}

/// One membership year as far as standing is concerned: what was billed for it (void invoices
/// excluded), what was paid against that, and whether the fee was waived by a recorded decision.
public struct PeriodFacts: Sendable, Hashable {
    public var year: Int
    public var dueOn: CalendarDate
    public var graceUntil: CalendarDate
    public var billed: USD
    public var paid: USD
    public var invoiced: Bool
    public var waived: Bool

    public init(year: Int, dueOn: CalendarDate, graceUntil: CalendarDate, billed: USD, paid: USD, invoiced: Bool, waived: Bool) {
        self.year = year
        self.dueOn = dueOn
        self.graceUntil = graceUntil
        self.billed = billed
        self.paid = paid
        self.invoiced = invoiced
        self.waived = waived
    }

    /// Paid in full, or waived.
    public var settled: Bool { waived || (invoiced && paid.cents >= billed.cents) }
}

public enum MembershipStatus: String, Sendable, CaseIterable, Codable {
    /// The current year is settled, or its invoice is not yet due.
    case active
    /// Past the due date and unpaid, but not past the end of grace.
    case grace
    /// Past the end of grace and unpaid, or no period for the current year after grace.
    case lapsed
    /// A resignation took effect.
    case resigned
    /// No membership period on record at all (members carried over from before the platform).
    case untracked
}

/// A member's standing on a given day, computed from its periods and resignation; stored
/// nowhere, so it cannot drift from the payments.
public struct Standing: Sendable, Hashable {
    public let status: MembershipStatus
    /// The current year's period is paid in full or waived. This decides voting rights.
    public let goodStanding: Bool
    /// The year the standing was judged by, if any period was.
    public let year: Int?

    public init(status: MembershipStatus, goodStanding: Bool, year: Int?) {
        self.status = status
        self.goodStanding = goodStanding
        self.year = year
    }

    public static func on(
        _ today: CalendarDate, periods: [PeriodFacts], resignationEffectiveOn: CalendarDate?,
        policy: MembershipPolicy
    ) -> Standing {
        if let effective = resignationEffectiveOn, effective <= today {
            return Standing(status: .resigned, goodStanding: false, year: nil)
        }
        guard !periods.isEmpty else { return Standing(status: .untracked, goodStanding: false, year: nil) }
        if let current = periods.first(where: { $0.year == today.year }) {
            if current.settled { return Standing(status: .active, goodStanding: true, year: current.year) }
            if today <= current.dueOn { return Standing(status: .active, goodStanding: false, year: current.year) }
            if today <= current.graceUntil { return Standing(status: .grace, goodStanding: false, year: current.year) }
            return Standing(status: .lapsed, goodStanding: false, year: current.year)
        }
        // No period for this year yet (renewals not issued). Last year's period decides: settled,
        // the membership runs for one payment term and grace from 1 January, as it would with an
        // invoice; unpaid, its own due date and grace still apply (an invoice of late November is
        // due in December and in grace into the new year).
        let previous = periods.filter { $0.year < today.year }.max { $0.year < $1.year }
        if let previous, previous.year == today.year - 1 {
            let (due, graceEnd) =
                previous.settled ? policy.terms(issuedOn: .firstOfYear(today.year)) : (previous.dueOn, previous.graceUntil)
            if today <= due { return Standing(status: .active, goodStanding: false, year: nil) }
            if today <= graceEnd { return Standing(status: .grace, goodStanding: false, year: nil) }
        }
        // Only future periods (approved in December for next year) count as active from approval;
        // a member who has already paid that first year is in good standing from then on, or a
        // new member could pay and still not vote until January.
        if let first = periods.min(by: { $0.year < $1.year }), first.year > today.year {
            return Standing(status: .active, goodStanding: first.settled, year: first.settled ? first.year : nil)
        }
        return Standing(status: .lapsed, goodStanding: false, year: nil)
    }
}

/// Which payment reminder, if any, is due for a period today. Reminders are identified by their
/// offset ("due_in_14", "overdue_7"); a run sends only the latest one whose day has come, so a
/// command that did not run for a month does not send three reminders at once.
public enum ReminderPlan {
    public static func kind(offset: Int) -> String {
        offset < 0 ? "due_in_\(-offset)" : offset == 0 ? "due_today" : "overdue_\(offset)"
    }

    public static func due(for period: PeriodFacts, on today: CalendarDate, policy: MembershipPolicy) -> Int? {
        guard !period.settled, period.invoiced, today <= period.graceUntil else { return nil }
        return policy.reminderOffsets.last { period.dueOn.adding(days: $0) <= today }
    }
}
