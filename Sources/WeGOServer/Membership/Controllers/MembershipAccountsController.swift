import Vapor
import WeGOCore

/// A member's membership account for its representatives and the Secretariat, and the
/// Secretariat's actions on it: waive or invoice a year, record a resignation, invite a
/// representative. A refused action shows the account with its reason; nothing was written.
enum MembershipAccountsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership(.account), use: ownAccount)
        routes.get(.admin(.membership(.key)), use: memberAccount)
        routes.post(.admin(.waivePeriod(.key)), use: waive)
        routes.post(.admin(.reissuePeriod(.key)), use: reissue)
        routes.post(.admin(.resign(.key)), use: resign)
        routes.post(.admin(.invite(.key)), use: invite)
    }

    static func accountPage(_ request: Request, member: Member, manage: Bool) async throws -> AccountPage {
        let app = request.application
        return try await AccountPage.query(
            member: member, manage: manage, today: CalendarDate(app.clock()),
            policy: app.settings.membershipPolicy, on: request.db, reference: app.referenceData)
    }

    /// A representative's own account; the Secretariat goes to the dues of every member.
    @Sendable static func ownAccount(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        if Permissions.canManageMembership(user) { return request.redirect(to: SiteURL.admin(.dues).path) }
        guard user.role == .memberRepresentative, let memberID = user.memberID,
            let member = try await Member.find(memberID, on: request.db)
        else { throw Abort(.forbidden) }
        let page = try await accountPage(request, member: member, manage: false)
        return MembershipViews.account(page, PageContext(request), errors: [:], alert: nil).response(status: .ok)
    }

    @Sendable static func memberAccount(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        let page = try await accountPage(request, member: try await member(request), manage: true)
        return MembershipViews.account(page, PageContext(request), errors: [:], alert: nil).response(status: .ok)
    }

    static func member(_ request: Request) async throws -> Member {
        try await MembershipLookups.member(slug: try request.parameter(.slug), on: request.db)
    }

    @Sendable static func waive(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let (period, member) = try await MembershipLookups.period(id: try request.parameter(.id), on: request.db)
        let periodID = try period.requireID()
        let service = MembershipService(request.application, db: request.db)
        // One decision field per year on the page: the error goes beside this year's.
        let submission = try FormSubmission(
            request, decoding: WaiveForm.self,
            validate: {
                FieldRules.requiredText(
                    $0.decision, field: "decision-\(period.year)", maxLength: 500,
                    message: "membership.error.decision_required")
            },
            render: formAgain(request, member: member))
        return try await act(request, member: member) {
            try await submission.perform { decision in
                try await service.waive(periodID: periodID, decision: decision, actor: actor)
                return .admin(.membership(.value(member.slug)))
            }
        }
    }

    @Sendable static func reissue(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let (period, member) = try await MembershipLookups.period(id: try request.parameter(.id), on: request.db)
        return try await act(request, member: member) {
            _ = try await MembershipService(request.application, db: request.db).reissue(periodID: try period.requireID(), actor: actor)
            return request.redirect(to: SiteURL.admin(.membership(.value(member.slug))).path, redirectType: .normal)
        }
    }

    @Sendable static func resign(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let member = try await member(request)
        let (memberID, slug) = (try member.requireID(), member.slug)
        let service = MembershipService(request.application, db: request.db)
        let submission = try FormSubmission(
            request, decoding: ResignForm.self, validate: { $0.draft.validate() }, render: formAgain(request, member: member))
        return try await act(request, member: member) {
            try await submission.perform { resignation in
                try await service.resign(
                    memberID: memberID, notifiedOn: resignation.notifiedOn, effectiveOn: resignation.effectiveOn,
                    note: resignation.note, actor: actor)
                return .admin(.membership(.value(slug)))
            }
        }
    }

    @Sendable static func invite(_ request: Request) async throws -> Response {
        let actor = AuditLog.actor(try request.requireMembershipManager())
        let member = try await member(request)
        return try await act(request, member: member) {
            try await MembershipService(request.application, db: request.db).reinvite(memberID: try member.requireID(), actor: actor)
            return request.redirect(to: SiteURL.admin(.membership(.value(member.slug))).path, redirectType: .normal)
        }
    }

    /// The account with the form's errors; read only when the form comes back.
    static func formAgain<Form>(_ request: Request, member: Member) -> @Sendable (Form, [String: String]) async throws -> HTML {
        let context = PageContext(request)
        return { _, errors in
            MembershipViews.account(try await accountPage(request, member: member, manage: true), context, errors: errors, alert: nil)
        }
    }

    /// Runs a Secretariat action; a refusal shows the account as it now stands, with its reason.
    static func act(_ request: Request, member: Member, _ action: () async throws -> Response) async throws -> Response {
        do {
            return try await action()
        } catch let refusal as MembershipError {
            let context = PageContext(request)
            let page = try await accountPage(request, member: member, manage: true)
            return MembershipViews.account(page, context, errors: [:], alert: context.t(refusal.key, refusal.arguments))
                .response(status: refusal.status)
        }
    }
}
