import Vapor
import WeGOCore

/// The printable invoice, for the member's representatives and the Secretariat, and the
/// Secretariat's payment and void forms on it.
enum InvoicesController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership(.invoice(.key)), use: invoice)
        routes.post(.admin(.payment(.key)), use: recordPayment)
        routes.post(.admin(.void(.key)), use: voidInvoice)
    }

    static func page(_ request: Request, for viewer: SignedInUser) async throws -> InvoicePage {
        try await InvoicePage.query(
            number: try request.parameter(.number), for: viewer, today: CalendarDate(request.application.clock()),
            on: request.db, reference: request.application.referenceData)
    }

    @Sendable static func invoice(_ request: Request) async throws -> Response {
        let page = try await page(request, for: try request.requireUser())
        return MembershipViews.invoice(page, PageContext(request), payment: PaymentDraft(), errors: [:], alert: nil).response(status: .ok)
    }

    /// The payment is checked against the invoice by the service, in the transaction that records it.
    @Sendable static func recordPayment(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let page = try await page(request, for: user)
        let service = MembershipService(request.application, db: request.db)
        let context = PageContext(request)
        let submission = try FormSubmission(
            request, decoding: PaymentForm.self, validate: { .success($0.draft) },
            render: { form, errors in MembershipViews.invoice(page, context, payment: form.draft, errors: errors, alert: nil) })
        do {
            return try await submission.perform { payment in
                _ = try await service.recordPayment(invoiceNumber: page.number, draft: payment, actor: AuditLog.actor(user))
                return .membership(.invoice(.value(page.number)))
            }
        } catch let refusal as MembershipError {
            return try await refused(refusal, request, for: user, payment: submission.form.draft)
        }
    }

    @Sendable static func voidInvoice(_ request: Request) async throws -> Response {
        let user = try request.requireMembershipManager()
        let page = try await page(request, for: user)
        let service = MembershipService(request.application, db: request.db)
        let context = PageContext(request)
        let submission = try FormSubmission(
            request, decoding: ReasonForm.self,
            validate: { FieldRules.requiredText($0.reason, field: "reason", maxLength: 500, message: "invoice.error.reason_required") },
            render: { _, errors in MembershipViews.invoice(page, context, payment: PaymentDraft(), errors: errors, alert: nil) })
        do {
            return try await submission.perform { reason in
                _ = try await service.void(invoiceNumber: page.number, reason: reason, actor: AuditLog.actor(user))
                return .membership(.invoice(.value(page.number)))
            }
        } catch let refusal as MembershipError {
            return try await refused(refusal, request, for: user, payment: PaymentDraft())
        }
    }

    /// The invoice as it now stands, with the reason the action was refused; nothing was written.
    static func refused(
        _ refusal: MembershipError, _ request: Request, for user: SignedInUser, payment: PaymentDraft
    ) async throws -> Response {
        let context = PageContext(request)
        return MembershipViews.invoice(
            try await page(request, for: user), context, payment: payment, errors: [:],
            alert: context.t(refusal.key, refusal.arguments)
        ).response(status: refusal.status)
    }
}
