import Vapor
import WeGOCore

/// The signed-in area's start page, and the members each user may create and edit. Every
/// change is audited.
enum AdminMembersController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.admin(.dashboard), use: dashboard)
        routes.get(.admin(.members), use: members)
        routes.get(.admin(.memberNew), use: newMember)
        routes.post(.admin(.memberNew), use: createMember)
        routes.get(.admin(.memberEdit(.key)), use: editMember)
        routes.post(.admin(.memberEdit(.key)), use: updateMember)
    }

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let app = request.application
        let page = try await AdminDashboardPage.query(
            for: try request.requireUser(), on: request.db, cache: app.directoryCache, now: app.clock())
        return AdminViews.dashboard(page, PageContext(request)).response(status: .ok)
    }

    @Sendable static func members(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request)
        let query = try request.queryParameters
        let filter: MemberFilter
        do {
            filter = try MemberFilter.parse(query, strict: false)
        } catch {
            return Layout.errorPage(
                context, status: .badRequest, message: error.fields.values.sorted().map { context.t($0) }.joined(separator: " ")
            )
            .response(status: .badRequest)
        }
        let app = request.application
        let page = try await AdminMemberListPage.query(filter, for: user, on: request.db, cache: app.directoryCache, now: app.clock())
        return AdminViews.memberList(page, context).response(status: .ok)
    }

    @Sendable static func newMember(_ request: Request) async throws -> Response {
        let page = try MemberFormPage.new(for: try request.requireUser(), reference: request.application.referenceData)
        return AdminViews.memberForm(page, PageContext(request), errors: [:]).response(status: .ok)
    }

    @Sendable static func createMember(_ request: Request) async throws -> Response {
        try await save(request, page: try MemberFormPage.new(for: try request.requireUser(), reference: request.application.referenceData))
    }

    @Sendable static func editMember(_ request: Request) async throws -> Response {
        AdminViews.memberForm(try await editedMember(request), PageContext(request), errors: [:]).response(status: .ok)
    }

    @Sendable static func updateMember(_ request: Request) async throws -> Response {
        try await save(request, page: try await editedMember(request))
    }

    static func editedMember(_ request: Request) async throws -> MemberFormPage {
        try await MemberFormPage.query(
            slug: try request.parameter(.slug), for: try request.requireUser(), on: request.db,
            reference: request.application.referenceData)
    }

    /// Nothing is written unless every field is valid; the member's page follows a save.
    static func save(_ request: Request, page: MemberFormPage) async throws -> Response {
        let service = MemberService(request.application, db: request.db)
        let context = PageContext(request)
        let submission = try FormSubmission(
            request, decoding: MemberForm.self,
            validate: { form in service.check(MemberService.submitted(form.draft, editing: page.existing, by: page.user)) },
            render: { form, errors in
                AdminViews.memberForm(
                    page.with(MemberService.submitted(form.draft, editing: page.existing, by: page.user)), context,
                    errors: errors)
            })
        return try await submission.perform { valid in
            .network(.member(.value(try await service.save(valid, existing: page.existing?.id, by: page.user))))
        }
    }
}
