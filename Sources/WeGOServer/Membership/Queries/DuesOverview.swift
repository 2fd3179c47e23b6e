import Fluent
import Foundation
import WeGOCore

/// Every tracked member's standing and dues for one year, and the sums by region, read in a few
/// queries (periods, invoices, payments, resignations) rather than one account at a time.
struct DuesOverview: Sendable {
    struct Line: Sendable {
        var member: MembershipMember
        var standing: Standing
        var billed: USD
        var paid: USD
        var invoices: [String]
        /// The year's fee was waived by a recorded decision: nothing is owed, whatever was billed.
        var waived: Bool
        var outstanding: USD { waived ? USD(cents: 0) : USD(cents: max(0, billed.cents - paid.cents)) }
    }

    struct RegionTotal: Sendable {
        var region: Region?
        var members = 0
        var paidCount = 0
        var unpaidCount = 0
        var billed = USD(cents: 0)
        var paid = USD(cents: 0)
        var waived = USD(cents: 0)
        var receivable: USD { USD(cents: max(0, billed.cents - paid.cents - waived.cents)) }
    }

    let year: Int
    let lines: [Line]

    var totals: [RegionTotal] {
        var byRegion: [Region?: RegionTotal] = [:]
        for line in lines {
            var total = byRegion[line.member.region] ?? RegionTotal(region: line.member.region)
            total.members += 1
            if line.billed.cents > 0 || line.standing.goodStanding {
                if line.outstanding.cents == 0 { total.paidCount += 1 } else { total.unpaidCount += 1 }
            }
            total.billed = total.billed + line.billed
            total.paid = total.paid + line.paid
            total.waived = total.waived + USD(cents: line.billed.cents - line.paid.cents - line.outstanding.cents)
            byRegion[line.member.region] = total
        }
        let order: [Region?] = Region.allCases.map { $0 } + [nil]
        return order.compactMap { byRegion[$0] }
    }

    static func load(year: Int, today: CalendarDate, policy: MembershipPolicy, on db: any Database) async throws -> DuesOverview {
        let periods = try await MembershipPeriod.query(on: db).all()
        let memberIDs = Set(periods.map { $0.$member.id })
        guard !memberIDs.isEmpty else { return DuesOverview(year: year, lines: []) }
        let members = try await Member.query(on: db).filter(\.$id ~~ memberIDs).sort(\.$name).all()
        let invoices = try await Invoice.query(on: db).filter(\.$series == .invoice).with(\.$payments).all()
        let resignations = try await Resignation.query(on: db).all()
        let periodsByMember = Dictionary(grouping: periods) { $0.$member.id }
        let invoicesByMember = Dictionary(grouping: invoices) { $0.$member.id }
        let resignedOn = Dictionary(resignations.map { ($0.$member.id, $0.effectiveOn) }) { first, _ in first }
        let lines: [Line] = members.compactMap { member in
            guard let id = member.id else { return nil }
            let memberInvoices = invoicesByMember[id] ?? []
            let memberPeriods = periodsByMember[id] ?? []
            let facts = memberPeriods.map { MembershipLedger.facts(for: $0, invoices: memberInvoices) }
            let standing = Standing.on(
                today, periods: facts, resignationEffectiveOn: resignedOn[id].flatMap(CalendarDate.init(iso:)), policy: policy)
            let yearFacts = facts.first { $0.year == year }
            let yearPeriodID = memberPeriods.first { $0.year == year }?.id
            let numbers = memberInvoices.filter { $0.$period.id == yearPeriodID && yearPeriodID != nil }.map(\.number).sorted()
            return Line(
                member: MembershipMember(member), standing: standing, billed: yearFacts?.billed ?? USD(cents: 0),
                paid: yearFacts?.paid ?? USD(cents: 0), invoices: numbers, waived: yearFacts?.waived ?? false)
        }
        return DuesOverview(year: year, lines: lines)
    }

    /// One row per member: what a treasurer opens in a spreadsheet. Amounts are in USD with two
    /// decimals and a dot, whatever the interface language, so the file sums the same everywhere.
    func csv() -> String {
        var rows = [
            [
                "member", "name", "category", "region", "country", "year", "status", "good_standing", "billed_usd", "paid_usd",
                "outstanding_usd", "invoices",
            ]
        ]
        for line in lines {
            rows.append([
                line.member.slug, line.member.name, line.member.category.rawValue, line.member.region?.rawValue ?? "",
                line.member.country ?? "", String(year), line.standing.status.rawValue, line.standing.goodStanding ? "yes" : "no",
                line.billed.decimal, line.paid.decimal, line.outstanding.decimal, line.invoices.joined(separator: " "),
            ])
        }
        return rows.map { $0.map(CSVTable.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
