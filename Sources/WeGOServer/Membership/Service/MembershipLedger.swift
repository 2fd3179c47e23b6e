import Fluent
import Foundation
import SQLKit
import WeGOCore

/// Reads a member's periods, invoices and payments into the facts `Standing` is computed from,
/// and records a transition whenever an action changes the computed status.
enum MembershipLedger {
    struct Account: Sendable {
        var member: Member
        var periods: [MembershipPeriod]
        /// Invoices and credit notes, newest first, with their payments loaded.
        var invoices: [Invoice]
        var resignation: Resignation?
        var transitions: [MembershipTransition]
        var facts: [PeriodFacts]

        func standing(on day: CalendarDate, policy: MembershipPolicy) -> Standing {
            Standing.on(
                day, periods: facts, resignationEffectiveOn: resignation.flatMap { CalendarDate(iso: $0.effectiveOn) }, policy: policy)
        }

        func invoices(for period: MembershipPeriod) -> [Invoice] {
            invoices.filter { $0.$period.id == period.id && $0.series == .invoice }
        }
    }

    static func account(of member: Member, on db: any Database) async throws -> Account {
        let memberID = try member.requireID()
        let periods = try await MembershipPeriod.query(on: db).filter(\.$member.$id == memberID).sort(\.$year, .descending).all()
        let invoices = try await Invoice.query(on: db).filter(\.$member.$id == memberID).with(\.$payments)
            .sort(\.$year, .descending).sort(\.$series).sort(\.$sequence, .descending).all()
        let resignation = try await Resignation.query(on: db).filter(\.$member.$id == memberID).first()
        let transitions = try await MembershipTransition.query(on: db).filter(\.$member.$id == memberID)
            .sort(\.$occurredAt, .descending).all()
        return Account(
            member: member, periods: periods, invoices: invoices, resignation: resignation, transitions: transitions,
            facts: periods.map { facts(for: $0, invoices: invoices) })
    }

    static func facts(for period: MembershipPeriod, invoices: [Invoice]) -> PeriodFacts {
        let open = invoices.filter { $0.$period.id == period.id && $0.series == .invoice && $0.voidedAt == nil }
        return PeriodFacts(
            year: period.year, dueOn: CalendarDate(iso: period.dueOn)!, graceUntil: CalendarDate(iso: period.graceUntil)!,
            billed: USD(cents: open.reduce(0) { $0 + $1.amountCents }),
            paid: USD(cents: open.reduce(0) { $0 + $1.paid.cents }),
            invoiced: !open.isEmpty, waived: period.waiverDecision != nil)
    }

    /// Records the member's status if it differs from the last one recorded. Called in the
    /// transaction of every action that can change it, and by the daily reminder run for the
    /// changes time alone brings (a due date or the end of grace passing).
    /// Must run inside a transaction: on PostgreSQL it queues behind any other status change of
    /// the same member, so two at once cannot both record the same transition.
    @discardableResult
    static func recordStatus(
        of memberID: UUID, cause: String, at date: Date, policy: MembershipPolicy,
        on db: any Database
    ) async throws -> MembershipTransition? {
        try await db.lockUntilCommit("member-status:" + memberID.uuidString)
        guard let member = try await Member.find(memberID, on: db) else { return nil }
        let account = try await account(of: member, on: db)
        let status = account.standing(on: CalendarDate(date), policy: policy).status
        let last = account.transitions.first?.toStatus
        guard status != last, !(last == nil && status == .untracked) else { return nil }
        let transition = MembershipTransition()
        transition.$member.id = memberID
        transition.occurredAt = date
        transition.fromStatus = last
        transition.toStatus = status
        transition.cause = cause
        try await transition.create(on: db)
        return transition
    }
}
