import Vapor
import WeGOCore

/// The public membership application: a category choice, then one form per category.
enum ApplicationController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.membership(.apply), use: start)
        routes.get(.membership(.applyCategory(.key)), use: form)
        routes.post(.membership(.applyCategory(.key)), use: submit)
    }

    @Sendable static func start(_ request: Request) async throws -> Response {
        ApplicationViews.start(PageContext(request)).response(status: .ok)
    }

    static func category(_ request: Request) throws -> MemberCategory {
        guard let raw = try? request.parameter(.category), let category = MemberCategory(rawValue: raw) else { throw Abort(.notFound) }
        return category
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let category = try category(request)
        _ = try await request.ensureSession()
        var draft = ApplicationDraft()
        draft.category = category.rawValue
        return ApplicationViews.form(
            PageContext(request), category: category, draft: draft, errors: [:],
            reference: request.application.referenceData
        ).response(status: .ok)
    }

    /// The receipt answers 201, or 200 when the same application had already been received.
    @Sendable static func submit(_ request: Request) async throws -> Response {
        let category = try category(request)
        let context = PageContext(request)
        let reference = request.application.referenceData
        let service = MembershipService(request.application, db: request.db)
        let submission = try FormSubmission(
            request, decoding: ApplicationForm.self,
            validate: { $0.draft(category: category).validate(knownCountries: Set(reference.countries.keys)) },
            render: { form, errors in
                ApplicationViews.form(
                    context, category: category, draft: form.draft(category: category), errors: errors,
                    reference: reference)
            })
        return try await submission.respond { valid in
            do {
                let receipt = ApplicationReceipt(try await service.submit(valid, language: context.language, from: request.clientAddress))
                return ApplicationViews.received(receipt, context).response(status: receipt.alreadyReceived ? .ok : .created)
            } catch MembershipError.tooManyApplications {
                let message = context.t(MembershipError.tooManyApplications.key)
                let response = Layout.errorPage(context, status: .tooManyRequests, message: message).response(status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: "3600")
                return response
            }
        }
    }
}
