import Vapor
import WeGOCore

/// The public membership application: a category choice, then one form per category.
enum ApplicationController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.apply, use: start)
        routes.get(.applyCategory(""), use: form)
        routes.post(.applyCategory(""), use: submit)
    }

    struct Form: Content {
        var organization_name: String?
        var subtype: String?
        var country: String?
        var population: String?
        var employees: String?
        var contact_name: String?
        var contact_email: String?
        var contact_phone: String?
        var motivation: String?
        var consent: String?

        func draft(category: MemberCategory) -> ApplicationDraft {
            var d = ApplicationDraft()
            d.category = category.rawValue
            d.organizationName = organization_name ?? ""; d.subtype = subtype ?? ""; d.country = country ?? ""
            d.population = population ?? ""; d.employees = employees ?? ""; d.contactName = contact_name ?? ""
            d.contactEmail = contact_email ?? ""; d.contactPhone = contact_phone ?? ""; d.motivation = motivation ?? ""
            d.consent = consent == "yes"
            return d
        }
    }

    @Sendable static func start(_ request: Request) async throws -> Response {
        ApplicationViews.start(PageContext(request)).response(status: .ok)
    }

    static func category(_ request: Request) throws -> MemberCategory {
        guard let raw = request.parameters.get("category"), let category = MemberCategory(rawValue: raw) else { throw Abort(.notFound) }
        return category
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let category = try category(request)
        _ = try await request.ensureSession()
        var draft = ApplicationDraft()
        draft.category = category.rawValue
        return ApplicationViews.form(PageContext(request), category: category, draft: draft, errors: [:],
                                     reference: request.application.referenceData).response(status: .ok)
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let category = try category(request)
        let draft = try request.content.decode(Form.self).draft(category: category)
        let context = PageContext(request)
        let reference = request.application.referenceData
        switch draft.validate(knownCountries: Set(reference.countries.keys)) {
        case .failure(let problems):
            return ApplicationViews.form(context, category: category, draft: draft, errors: problems.fields.mapValues { context.t($0) },
                                         reference: reference).response(status: .unprocessableEntity)
        case .success(let valid):
            do {
                let submission = try await MembershipService(request.application, db: request.db)
                    .submit(valid, language: context.language, from: request.clientAddress)
                return ApplicationViews.received(context, submission: submission)
                    .response(status: submission.alreadyReceived ? .ok : .created)
            } catch MembershipError.tooManyApplications {
                let response = Layout.errorPage(context, status: .tooManyRequests, message: context.t("application.error.too_many"))
                    .response(status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: "3600")
                return response
            }
        }
    }
}
