import Vapor
import WeGOCore

/// The one shape of every form post: decode, validate (the core's rules, as catalog keys), then
/// either the form again with 422, its typed values and field errors, or the service's audited
/// action and a 303 to the page that shows its result. A service's refusal with field problems
/// shows the form again too, with the refusal's status; any other refusal reaches the error page.
struct FormSubmission<Form: Content, Value: Sendable> {
    let request: Request
    let form: Form
    /// The valid value, or the problems with the fields.
    let validate: @Sendable (Form) async throws -> Result<Value, FieldProblems>
    /// The form page again: the typed values and the messages by field.
    let render: @Sendable (Form, [String: String]) async throws -> HTML

    /// `form` is the request's body, decoded here unless the handler needed it first (to learn
    /// which kind of record it makes, say).
    init(
        _ request: Request, decoding _: Form.Type = Form.self, form: Form? = nil,
        validate: @escaping @Sendable (Form) async throws -> Result<Value, FieldProblems>,
        render: @escaping @Sendable (Form, [String: String]) async throws -> HTML
    ) throws {
        self.request = request
        self.form = try form ?? request.content.decode(Form.self)
        self.validate = validate
        self.render = render
    }

    /// Runs `perform` on a valid value and redirects to the page it names.
    func perform(_ perform: @Sendable (Value) async throws -> SiteURL) async throws -> Response {
        try await self.perform(redirectingTo: { value in try await perform(value).path })
    }

    /// Runs `perform` on a valid value and redirects to the link it returns (a page with a query,
    /// from `SiteURL.with(query:)`).
    func perform(redirectingTo perform: @Sendable (Value) async throws -> String) async throws -> Response {
        let context = PageContext(request)
        switch try await validate(form) {
        case .failure(let problems):
            return try await render(form, context.messages(problems)).response(status: .unprocessableEntity)
        case .success(let value):
            do {
                return request.redirect(to: try await perform(value), redirectType: .normal)
            } catch let error as any ServiceError {
                guard let problems = error.fieldProblems else { throw error }
                return try await render(form, context.messages(problems)).response(status: error.status)
            }
        }
    }
}
