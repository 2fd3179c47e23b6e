import Fluent
import SQLKit
import Vapor
import WeGOCore

/// A member's membership account (standing, periods, invoices, transitions) for its
/// representatives and the Secretariat; the printable invoice; the Secretariat's actions on
/// them; and the invitation that makes an applicant the member's representative.
enum MembershipController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership, use: ownAccount)
        routes.get(.adminMembership(slug: ""), use: memberAccount)
        routes.get(.invoice(number: ""), use: invoice)
        routes.post(.adminInvoicePayment(number: ""), use: recordPayment)
        routes.post(.adminInvoiceVoid(number: ""), use: voidInvoice)
        routes.post(.adminPeriodWaive(id: UUID()), use: waive)
        routes.post(.adminPeriodReissue(id: UUID()), use: reissue)
        routes.post(.adminMemberResign(slug: ""), use: resign)
        routes.post(.adminMemberInvite(slug: ""), use: invite)
        routes.get(.invitation, use: invitationForm)
        routes.post(.invitation, use: acceptInvitation)
    }

    // MARK: Accounts

    @Sendable static func ownAccount(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        if Permissions.canManageMembership(user) { return request.redirect(to: SiteURL.adminDues.path) }
        guard user.role == .memberRepresentative, let memberID = user.memberID,
              let member = try await Member.find(memberID, on: request.db) else { throw Abort(.forbidden) }
        return try await renderAccount(request, member: member, manage: false, errors: [:], alert: nil, status: .ok)
    }

    @Sendable static func memberAccount(_ request: Request) async throws -> Response {
        _ = try request.requireMembershipManager()
        return try await renderAccount(request, member: try await MembershipLookups.member(slug: request.parameters.get("slug"), on: request.db), manage: true, errors: [:], alert: nil, status: .ok)
    }

    static func renderAccount(_ request: Request, member: Member, manage: Bool, errors: [String: String], alert: String?,
                              status: HTTPStatus) async throws -> Response {
        let account = try await MembershipLedger.account(of: member, on: request.db)
        let today = CalendarDate(request.application.clock())
        let standing = account.standing(on: today, policy: request.application.settings.membershipPolicy)
        return MembershipViews.account(PageContext(request), account: account, standing: standing, today: today, manage: manage,
                                       errors: errors, alert: alert, reference: request.application.referenceData)
            .response(status: status)
    }

    // MARK: Invoices

    static func findInvoice(_ request: Request) async throws -> Invoice {
        guard let number = request.parameters.get("number"), DocumentNumber(number) != nil,
              let invoice = try await Invoice.query(on: request.db).filter(\.$number == number).with(\.$payments).with(\.$member)
                .with(\.$creditsInvoice).first() else { throw Abort(.notFound) }
        return invoice
    }

    @Sendable static func invoice(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let invoice = try await findInvoice(request)
        guard Permissions.canView(accountOf: invoice.$member.id, user: user) else { throw Abort(.forbidden) }
        return try await renderInvoice(request, invoice: invoice, user: user, payment: PaymentDraft(), errors: [:], alert: nil, status: .ok)
    }

    static func renderInvoice(_ request: Request, invoice: Invoice, user: SignedInUser, payment: PaymentDraft, errors: [String: String],
                              alert: String?, status: HTTPStatus) async throws -> Response {
        let creditNote = invoice.series == .invoice
            ? try await Invoice.query(on: request.db).filter(\.$creditsInvoice.$id == invoice.requireID()).first() : nil
        let today = CalendarDate(request.application.clock())
        return MembershipViews.invoice(PageContext(request), invoice: invoice, creditNote: creditNote, manage: Permissions.canManageMembership(user),
                                       payment: payment, today: today, errors: errors, alert: alert, reference: request.application.referenceData)
            .response(status: status)
    }

    struct PaymentForm: Content { var received_on: String?; var amount: String?; var method: String?; var reference: String? }
    struct ReasonForm: Content { var reason: String? }

    @Sendable static func recordPayment(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let invoice = try await findInvoice(request)
        let form = try request.content.decode(PaymentForm.self)
        let draft = PaymentDraft(receivedOn: form.received_on ?? "", amount: form.amount ?? "", method: form.method ?? "", reference: form.reference ?? "")
        do {
            _ = try await MembershipService(request.application, db: request.db).recordPayment(invoiceNumber: invoice.number, draft: draft, actor: AuditLog.actor(user))
            return request.redirect(to: SiteURL.invoice(number: invoice.number).path, redirectType: .normal)
        } catch let error as MembershipError {
            let context = PageContext(request)
            let errors: [String: String] = if case .invalid(let problems) = error { problems.fields.mapValues { context.t($0) } } else { [:] }
            return try await renderInvoice(request, invoice: try await findInvoice(request), user: user, payment: draft, errors: errors,
                                           alert: errors.isEmpty ? context.t(error.key) : nil, status: error.status)
        }
    }

    /// A free-text reason or decision from a form: required, one paragraph, at most 500 characters.
    static func reason(_ raw: String?) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500, !TextFolding.containsControlCharacters(text) else { return nil }
        return text
    }

    @Sendable static func voidInvoice(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let invoice = try await findInvoice(request)
        let context = PageContext(request)
        guard let reason = reason(try request.content.decode(ReasonForm.self).reason) else {
            return try await renderInvoice(request, invoice: invoice, user: user, payment: PaymentDraft(),
                                           errors: ["reason": context.t("invoice.error.reason_required")], alert: nil, status: .unprocessableEntity)
        }
        do {
            _ = try await MembershipService(request.application, db: request.db).void(invoiceNumber: invoice.number, reason: reason, actor: AuditLog.actor(user))
            return request.redirect(to: SiteURL.invoice(number: invoice.number).path, redirectType: .normal)
        } catch let error as MembershipError {
            return try await renderInvoice(request, invoice: invoice, user: user, payment: PaymentDraft(), errors: [:],
                                           alert: context.t(error.key), status: error.status)
        }
    }

    // MARK: Periods and resignation

    static func findPeriod(_ request: Request) async throws -> (MembershipPeriod, Member) {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let period = try await MembershipPeriod.find(id, on: request.db),
              let member = try await Member.find(period.$member.id, on: request.db) else { throw Abort(.notFound) }
        return (period, member)
    }

    struct WaiveForm: Content { var decision: String? }

    @Sendable static func waive(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let (period, member) = try await findPeriod(request)
        let context = PageContext(request)
        guard let decision = reason(try request.content.decode(WaiveForm.self).decision) else {
            return try await renderAccount(request, member: member, manage: true, errors: ["decision-\(period.year)": context.t("membership.error.decision_required")],
                                           alert: nil, status: .unprocessableEntity)
        }
        return try await act(request, member: member) {
            try await MembershipService(request.application, db: request.db).waive(periodID: try period.requireID(), decision: decision, actor: AuditLog.actor(user))
        }
    }

    @Sendable static func reissue(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let (period, member) = try await findPeriod(request)
        return try await act(request, member: member) {
            _ = try await MembershipService(request.application, db: request.db).reissue(periodID: try period.requireID(), actor: AuditLog.actor(user))
        }
    }

    struct ResignForm: Content { var notified_on: String?; var effective_on: String?; var note: String? }

    @Sendable static func resign(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let member = try await MembershipLookups.member(slug: request.parameters.get("slug"), on: request.db)
        let form = try request.content.decode(ResignForm.self)
        let context = PageContext(request)
        var errors: [String: String] = [:]
        let notified = CalendarDate(iso: form.notified_on ?? "")
        let effective = CalendarDate(iso: form.effective_on ?? "")
        if notified == nil { errors["notified_on"] = context.t("membership.error.date") }
        if effective == nil { errors["effective_on"] = context.t("membership.error.date") }
        if let notified, let effective, effective < notified { errors["effective_on"] = context.t("membership.error.effective_before_notice") }
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 500 || TextFolding.containsControlCharacters(note) { errors["note"] = context.t("application.error.too_long") }
        guard errors.isEmpty, let notified, let effective else {
            return try await renderAccount(request, member: member, manage: true, errors: errors, alert: nil, status: .unprocessableEntity)
        }
        return try await act(request, member: member) {
            try await MembershipService(request.application, db: request.db).resign(memberID: try member.requireID(), notifiedOn: notified, effectiveOn: effective,
                                                                                   note: note.isEmpty ? nil : note, actor: AuditLog.actor(user))
        }
    }

    @Sendable static func invite(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let member = try await MembershipLookups.member(slug: request.parameters.get("slug"), on: request.db)
        return try await act(request, member: member) {
            try await MembershipService(request.application, db: request.db).reinvite(memberID: try member.requireID(), actor: AuditLog.actor(user))
        }
    }

    /// Runs a Secretariat action and returns to the account; a refusal shows the account with its reason.
    static func act(_ request: Request, member: Member, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return request.redirect(to: SiteURL.adminMembership(slug: member.slug).path, redirectType: .normal)
        } catch let error as MembershipError {
            let context = PageContext(request)
            let message = if case .feeUnavailable(let reason) = error { context.t(error.key, ["reason": reason]) } else { context.t(error.key) }
            return try await renderAccount(request, member: member, manage: true, errors: [:], alert: message, status: error.status)
        }
    }

    // MARK: Invitations

    static func findInvitation(_ request: Request) async throws -> Invitation? {
        guard let token = try? request.query.get(String.self, at: "token"), !token.isEmpty, token.count <= 100 else { return nil }
        guard let invitation = try await Invitation.query(on: request.db).filter(\.$tokenHash == TokenHash.sha256Hex(token)).with(\.$member).first(),
              invitation.acceptedAt == nil, invitation.expiresAt > request.application.clock() else { return nil }
        return invitation
    }

    @Sendable static func invitationForm(_ request: Request) async throws -> Response {
        _ = try await request.ensureSession()
        let context = PageContext(request)
        guard let invitation = try await findInvitation(request) else {
            return MembershipViews.invitationGone(context).response(status: .notFound)
        }
        return MembershipViews.invitation(context, invitation: invitation, displayName: "", errors: [:]).response(status: .ok)
    }

    struct InvitationForm: Content { var display_name: String?; var password: String? }

    @Sendable static func acceptInvitation(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let invitation = try await findInvitation(request) else {
            return MembershipViews.invitationGone(context).response(status: .notFound)
        }
        let form = try request.content.decode(InvitationForm.self)
        var errors: [String: String] = [:]
        let displayName = (form.display_name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if displayName.isEmpty || displayName.count > 120 || TextFolding.containsControlCharacters(displayName) {
            errors["display_name"] = context.t("form.user.name_required")
        }
        let password = form.password ?? ""
        if let problem = request.application.passwordPolicy.validate(password, email: invitation.email).first {
            errors["password"] = context.t(problem.key)
        }
        if errors.isEmpty, try await User.query(on: request.db).filter(\.$email == invitation.email).first() != nil {
            errors["display_name"] = context.t("invitation.error.account_exists")
        }
        guard errors.isEmpty else {
            return MembershipViews.invitation(context, invitation: invitation, displayName: displayName, errors: errors).response(status: .unprocessableEntity)
        }
        let hash = try await request.password.async.hash(PasswordPolicy.bcryptInput(for: password))
        let invitationID = try invitation.requireID()
        let memberID = invitation.$member.id
        let email = invitation.email
        let now = request.application.clock()
        let accepted: Bool
        do {
            accepted = try await AuditLog.perform(on: request.db, actor: "user:\(email)", at: request.application.clock) { db in
                // Accepted once: a second submission of the same link finds it used.
                let claimed = try await db.sql.update("invitations").set("accepted_at", to: now)
                    .where("id", .equal, invitationID).where("accepted_at", .is, SQLLiteral.null).returning("id").all()
                guard !claimed.isEmpty else { return (false, AuditLog.Event(action: "invitation.replay", target: "member:\(memberID)", details: email)) }
                let user = User()
                user.email = email
                user.displayName = displayName
                user.role = .memberRepresentative
                user.$member.id = memberID
                user.disabled = false
                user.passwordHash = hash
                try await user.create(on: db)
                return (true, AuditLog.Event(action: "invitation.accept", target: "user:\(email)", details: "member=\(memberID)"))
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // An account with this e-mail was created between the check and the insert.
            return MembershipViews.invitation(context, invitation: invitation, displayName: displayName,
                                              errors: ["display_name": context.t("invitation.error.account_exists")]).response(status: .unprocessableEntity)
        }
        guard accepted else { return MembershipViews.invitationGone(context).response(status: .notFound) }
        return request.redirect(to: SiteURL.signIn.with(query: [("return", SiteURL.membership.path)]), redirectType: .normal)
    }
}
