import Fluent
import Vapor
import WeGOCore

/// A membership application as the Secretariat reviews it.
struct ApplicationSummary: Sendable {
    var id: UUID
    var reference: String
    var status: ApplicationStatus
    var category: MemberCategory
    var subtype: MemberSubtype
    var organizationName: String
    var country: String
    var population: Int?
    var employees: Int?
    var contactName: String
    var contactEmail: String
    var contactPhone: String?
    var motivation: String?
    var language: String
    var submittedAt: Date
    var consentedAt: Date
    var decidedAt: Date?
    var decidedBy: String?
    var decisionReason: String?
    /// The member an approval created, when it was read with the application.
    var member: (slug: String, name: String)?

    init(_ application: MembershipApplication) throws {
        id = try application.requireID(); reference = application.reference; status = application.status
        category = application.category; subtype = application.subtype; organizationName = application.organizationName
        country = application.country; population = application.population; employees = application.employees
        contactName = application.contactName; contactEmail = application.contactEmail; contactPhone = application.contactPhone
        motivation = application.motivation; language = application.language; submittedAt = application.submittedAt
        consentedAt = application.consentedAt; decidedAt = application.decidedAt; decidedBy = application.decidedBy
        decisionReason = application.decisionReason
        member = application.$member.value.flatMap { $0 }.map { ($0.slug, $0.name) }
    }
}

/// The review queue: the applications in one status, each with its annual fee when it can be computed.
struct ApplicationQueuePage: Sendable {
    var status: ApplicationStatus
    var applications: [(application: ApplicationSummary, fee: USD?)]
    var reference: ReferenceData

    static func query(status: ApplicationStatus, app: Application, on db: any Database) async throws -> ApplicationQueuePage {
        let applications = try await MembershipApplication.query(on: db).filter(\.$status == status)
            .sort(\.$submittedAt, status == .pending ? .ascending : .descending).limit(500).all()
        let gdp = try await GDPFigures.current(app, on: db)
        let rows = try applications.map { application in
            let fee = try? FeeCalculator.schedule.quote(application.feeApplicant) { gdp.figure(for: $0) }.annualFee
            return (application: try ApplicationSummary(application), fee: fee)
        }
        return ApplicationQueuePage(status: status, applications: rows, reference: app.referenceData)
    }
}

/// One application with its fee (or why it cannot be computed yet) and the decision on it.
struct ApplicationDetailPage: Sendable {
    var application: ApplicationSummary
    var quote: Result<FeeCalculator.Explained, MembershipError>
    var reference: ReferenceData

    /// 404 for an unknown id; the fee is explained in `language`.
    static func query(id: String?, language: Language, app: Application, on db: any Database) async throws -> ApplicationDetailPage {
        guard let id = id.flatMap(UUID.init(uuidString:)),
            let application = try await MembershipApplication.query(on: db).filter(\.$id == id).with(\.$member).first()
        else { throw Abort(.notFound) }
        let quote: Result<FeeCalculator.Explained, MembershipError>
        do {
            quote = .success(try await MembershipService(app, db: db).quote(application.feeApplicant, language: language))
        } catch let error as MembershipError {
            quote = .failure(error)
        }
        return ApplicationDetailPage(application: try ApplicationSummary(application), quote: quote, reference: app.referenceData)
    }
}

/// What an applicant sees once the application is stored.
struct ApplicationReceipt: Sendable {
    var organizationName: String
    var reference: String
    var email: String
    /// nil when the fee cannot be computed yet.
    var feeExplanation: String?
    /// The same application had already been received: nothing new was stored or sent.
    var alreadyReceived: Bool

    init(_ submission: MembershipService.Submission) {
        organizationName = submission.application.organizationName
        reference = submission.application.reference
        email = submission.application.contactEmail
        feeExplanation = submission.quote?.explanation
        alreadyReceived = submission.alreadyReceived
    }
}
