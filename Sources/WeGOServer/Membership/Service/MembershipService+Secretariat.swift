import Fluent
import SQLKit
import Vapor
import WeGOCore

/// The secretariat's records beside the members' accounts: GDP figures that override the
/// shipped series, and the acceptance of invitations.
extension MembershipService {
    /// Records the secretariat's figure for a country; quotes use it from this moment.
    func overrideGDP(_ figure: GDPOverrideDraft.Valid, actor: String) async throws {
        let now = self.now
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            let record = try await GDPOverride.query(on: db).filter(\.$country == figure.country).first() ?? GDPOverride()
            record.country = figure.country
            record.valueCents = figure.value.cents
            record.year = figure.year
            record.source = figure.source
            record.recordedAt = now
            try await record.save(on: db)
            return (
                (),
                AuditLog.Event(
                    action: "gdp.override", target: "country:\(figure.country)",
                    details: "value=\(figure.value) year=\(figure.year) source=\(figure.source)")
            )
        }
        app.pageCache.invalidate()  // the calculator's quotes change
    }

    /// Returns a country to the shipped figure; 404 when it has no override.
    func removeGDPOverride(country: String, actor: String) async throws {
        guard country.count == 2, try await GDPOverride.query(on: db).filter(\.$country == country).first() != nil else {
            throw Abort(.notFound)
        }
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await GDPOverride.query(on: db).filter(\.$country == country).delete()
            return ((), AuditLog.Event(action: "gdp.override_remove", target: "country:\(country)", details: ""))
        }
        await app.announce(.publicPages)
    }

    /// Makes the invitation's addressee a representative of its member, with the name and
    /// password they chose; their e-mail is written from then on in `language`, the one they
    /// accepted in. An invitation is accepted once: a second submission finds it used.
    func acceptInvitation(_ invitationID: UUID, displayName: String, password: String, language: Language) async throws {
        guard let invitation = try await Invitation.find(invitationID, on: db), invitation.acceptedAt == nil,
            invitation.expiresAt > now
        else { throw MembershipError.invitationGone }
        let accountExists = MembershipError.invalid(FieldProblems(fields: ["display_name": "invitation.error.account_exists"]))
        guard try await User.query(on: db).filter(\.$email == invitation.email).first() == nil else { throw accountExists }
        let hash = try await app.password.async.hash(PasswordPolicy.bcryptInput(for: password))
        let (memberID, email, now) = (invitation.$member.id, invitation.email, self.now)
        let accepted: Bool
        do {
            accepted = try await AuditLog.perform(on: db, actor: "user:\(email)", at: app.clock) { db in
                let claimed = try await db.sql.update("invitations").set("accepted_at", to: now)
                    .where("id", .equal, invitationID).where("accepted_at", .is, SQLLiteral.null).returning("id").all()
                guard !claimed.isEmpty else {
                    return (false, AuditLog.Event(action: "invitation.replay", target: "member:\(memberID)", details: email))
                }
                let user = User()
                user.email = email
                user.displayName = displayName
                user.role = .memberRepresentative
                user.$member.id = memberID
                user.disabled = false
                user.passwordHash = hash
                user.preferredLanguageCode = language.rawValue
                try await user.create(on: db)
                return (true, AuditLog.Event(action: "invitation.accept", target: "user:\(email)", details: "member=\(memberID)"))
            }
        } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
            // An account with this e-mail was created between the check and the insert.
            throw accountExists
        }
        guard accepted else { throw MembershipError.invitationGone }
    }
}
