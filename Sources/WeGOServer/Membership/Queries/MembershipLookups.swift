import Fluent
import Vapor
import WeGOCore

/// The records the membership routes name in their paths, found in one place; each answers 404
/// for a name it does not know.
enum MembershipLookups {
    static func member(slug: String?, on db: any Database) async throws -> Member {
        guard let slug, !TextFolding.containsControlCharacters(slug),
              let member = try await Member.query(on: db).filter(\.$slug == slug).first() else { throw Abort(.notFound) }
        return member
    }
}
