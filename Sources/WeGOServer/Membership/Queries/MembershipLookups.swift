import Fluent
import Vapor
import WeGOCore

/// The records the membership routes name in their paths, found in one place; each answers 404
/// for a name it does not know.
enum MembershipLookups {
    static func member(slug: String?, on db: any Database) async throws -> Member {
        guard let slug, !TextFolding.containsControlCharacters(slug),
            let member = try await Member.query(on: db).filter(\.$slug == slug).first()
        else { throw Abort(.notFound) }
        return member
    }

    static func period(id: String?, on db: any Database) async throws -> (period: MembershipPeriod, member: Member) {
        guard let id = id.flatMap(UUID.init(uuidString:)), let period = try await MembershipPeriod.find(id, on: db),
            let member = try await Member.find(period.$member.id, on: db)
        else { throw Abort(.notFound) }
        return (period, member)
    }

    /// `?year=2027`, defaulting to `today`'s year.
    static func year(_ raw: String?, today: CalendarDate) throws -> Int {
        guard let raw, !raw.isEmpty else { return today.year }
        guard let year = Int(raw), (2000 ... 2100).contains(year) else { throw MembershipError.yearOutOfRange }
        return year
    }
}
