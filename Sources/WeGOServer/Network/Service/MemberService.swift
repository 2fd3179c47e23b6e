import Fluent
import Vapor
import WeGOCore

/// The member form as typed.
struct MemberForm: Content, Sendable {
    var name: String?
    var name_local: String?
    var slug: String?
    var category: String?
    var subtype: String?
    var region: String?
    var country: String?
    var founding: String?
    var latitude: String?
    var longitude: String?
    var population: String?
    var note: String?

    var draft: MemberDraft {
        var d = MemberDraft()
        d.name = name ?? ""; d.nameLocal = name_local ?? ""; d.slug = slug ?? ""
        d.category = category ?? ""; d.subtype = subtype ?? ""; d.region = region ?? ""
        d.country = country ?? ""; d.founding = founding == "yes"
        d.latitude = latitude ?? ""; d.longitude = longitude ?? ""; d.population = population ?? ""
        d.note = note ?? ""
        return d
    }
}

/// Why a change to a member was refused; nothing was written.
enum NetworkError: ServiceError, Equatable {
    case slugTaken
    case regionOutsideScope

    var key: String {
        switch self {
        case .slugTaken: "form.member.slug_taken"
        case .regionOutsideScope: "form.member.region_outside_scope"
        }
    }

    var status: HTTPStatus { .unprocessableEntity }

    var fieldProblems: FieldProblems? {
        switch self {
        case .slugTaken: FieldProblems(fields: ["slug": key])
        case .regionOutsideScope: FieldProblems(fields: ["region": key])
        }
    }
}

/// Creating and editing members: each save is audited and clears the directory's counts and
/// the cached public pages.
struct MemberService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    /// The draft as it is checked and saved: profile URLs are stable, so an existing member keeps
    /// its slug; and a representative keeps the classification, which the secretariat decides.
    static func submitted(_ typed: MemberDraft, editing existing: MemberFormPage.Existing?, by user: SignedInUser) -> MemberDraft {
        guard let existing else { return typed }
        var draft = typed
        draft.slug = existing.slug
        if user.role == .memberRepresentative {
            let current = existing.current
            draft.category = current.category; draft.subtype = current.subtype
            draft.region = current.region; draft.country = current.country; draft.founding = current.founding
        }
        return draft
    }

    func check(_ draft: MemberDraft) -> Result<MemberDraft.Valid, FieldProblems> {
        draft.validate(knownCountries: Set(app.referenceData.countries.keys))
    }

    /// Saves a checked member and returns its slug. `existing` is the member being edited, nil for a new one.
    func save(_ valid: MemberDraft.Valid, existing: UUID?, by user: SignedInUser) async throws -> String {
        if user.role == .regionalStaff, valid.region != user.region { throw NetworkError.regionOutsideScope }
        if existing == nil, try await Member.query(on: db).filter(\.$slug == valid.slug).first() != nil { throw NetworkError.slugTaken }
        let action = existing == nil ? "member.create" : "member.update"
        do {
            try await AuditLog.perform(on: db, actor: AuditLog.actor(user), at: app.clock) { db in
                let member: Member
                if let existing {
                    guard let current = try await Member.find(existing, on: db) else { throw Abort(.notFound) }
                    member = current
                } else {
                    member = Member()
                }
                member.slug = valid.slug
                member.name = valid.name
                member.nameLocal = valid.nameLocal
                member.category = valid.category
                member.subtype = valid.subtype
                member.region = valid.region
                member.country = valid.country
                member.founding = valid.founding
                member.latitude = valid.latitude
                member.longitude = valid.longitude
                member.population = valid.population
                member.note = valid.note
                member.refreshSearchText()
                try await member.save(on: db)
                return ((), AuditLog.Event(action: action, target: "member:\(valid.slug)", details: "name=\(valid.name)"))
            }
        } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Two creations with one slug at the same instant: the second one is told, not failed.
            throw NetworkError.slugTaken
        }
        await app.announce(.members)
        return valid.slug
    }
}
