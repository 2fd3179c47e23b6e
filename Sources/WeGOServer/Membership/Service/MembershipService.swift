import Fluent
import SQLKit
import Vapor
import WeGOCore

/// The membership actions: each runs in one audited transaction that either does all of its work
/// (member, period, invoice, invitation, messages, status) or none of it.
struct MembershipService {
    let app: Application
    let db: any Database

    init(_ app: Application, db: (any Database)? = nil) {
        self.app = app
        self.db = db ?? app.db
    }

    var policy: MembershipPolicy { app.settings.membershipPolicy }
    var now: Date { app.clock() }
    var today: CalendarDate { CalendarDate(app.clock()) }

    // MARK: Applications

    struct Submission {
        var application: MembershipApplication
        /// nil when the fee cannot be computed yet (e.g. no GDP figure for the country).
        var quote: FeeCalculator.Explained?
        /// The same organization and contact already had a pending application: that one is
        /// returned and nothing new is stored or sent (a double click, a reload).
        var alreadyReceived: Bool
    }

    /// Applications accepted from one address per hour: the form is public and each one sends an
    /// e-mail, so it must not become a way to send mail to anyone.
    static let applicationsPerAddressPerHour = 5

    /// Stores a pending application and queues its acknowledgement. `address` is the client's
    /// network address for web submissions (limited per hour); nil for trusted callers.
    func submit(_ valid: ApplicationDraft.Valid, language: Language, from address: String? = nil) async throws -> Submission {
        let quote = try? await self.quote(valid.feeApplicant, language: language)
        let origin = TokenHash.sha256Hex("application-origin:" + (address ?? "trusted"))
        let reference = app.referenceData
        let app = self.app
        let now = self.now
        // The duplicate check, the hourly limit and the insert are one serialized transaction:
        // 20 identical posts at once store one application, and 20 from one address store five.
        let (application, alreadyReceived) = try await AuditLog.perform(
            on: db, actor: "applicant:\(valid.contactEmail)", at: app.clock
        ) { db -> ((MembershipApplication, Bool), AuditLog.Event?) in
            try await db.lockUntilCommit(["application-contact:" + valid.contactEmail, "application-origin:" + origin])
            let pending = try await MembershipApplication.query(on: db).filter(\.$status == .pending)
                .filter(\.$contactEmail == valid.contactEmail).all()
            if let same = pending.first(where: { TextFolding.fold($0.organizationName) == TextFolding.fold(valid.organizationName) }) {
                return ((same, true), nil)
            }
            if address != nil {
                let recent = try await MembershipApplication.query(on: db).filter(\.$submittedFrom == origin)
                    .filter(\.$submittedAt > now.addingTimeInterval(-3600)).count()
                guard recent < Self.applicationsPerAddressPerHour else { throw MembershipError.tooManyApplications }
            }
            let application = MembershipApplication()
            application.status = .pending
            application.category = valid.category
            application.organizationName = valid.organizationName
            application.subtype = valid.subtype
            application.country = valid.country
            application.population = valid.population
            application.employees = valid.employees
            application.contactName = valid.contactName
            application.contactEmail = valid.contactEmail
            application.contactPhone = valid.contactPhone
            application.motivation = valid.motivation
            application.language = language.rawValue
            application.consentedAt = now
            application.submittedAt = now
            application.submittedFrom = origin
            application.duplicateKey = MembershipApplication.duplicateKey(
                email: valid.contactEmail, organization: valid.organizationName)
            try await application.create(on: db)
            let catalog = app.localization.catalog(language)
            try await Mail.enqueue(
                "application_received", to: valid.contactEmail, language: language,
                arguments: [
                    "name": valid.contactName, "organization": valid.organizationName, "reference": application.reference,
                    "fee": quote?.explanation ?? catalog.text("application.fee_pending"),
                    "country": reference.countryName(valid.country, language),
                ], app: app, at: now, on: db)
            return (
                (application, false),
                AuditLog.Event(
                    action: "application.submit", target: "application:\(application.reference)",
                    details: "category=\(valid.category.rawValue) country=\(valid.country) name=\(valid.organizationName)")
            )
        }
        return Submission(application: application, quote: quote, alreadyReceived: alreadyReceived)
    }

    /// `gdp` lets a caller quoting many applicants read the GDP figures once.
    func quote(_ applicant: FeeApplicant, language: Language, gdp: GDPDataset? = nil) async throws -> FeeCalculator.Explained {
        do {
            let figures = if let gdp { gdp } else { try await GDPFigures.current(app, on: db) }
            return try FeeCalculator.quote(applicant, language: language, app: app, gdp: figures)
        } catch let abort as any AbortError {
            throw MembershipError.feeUnavailable(reason: abort.reason)
        }
    }

    /// Approves a pending application: the member, its first period and invoice, and an invitation
    /// for the applicant to represent it. Approving twice, even at the same instant, creates one
    /// member: the status changes from pending in a conditional update that only one transaction wins.
    func approve(_ applicationID: UUID, region: Region?, actor: String) async throws -> (Member, Invoice) {
        guard let application = try await MembershipApplication.find(applicationID, on: db) else { throw Abort(.notFound) }
        guard application.status == .pending else { throw MembershipError.applicationDecided(application.status) }
        let language = Language(rawValue: application.language) ?? .en
        let quote = try await self.quote(application.feeApplicant, language: language)
        let token = SecretGenerator.token()
        let (app, now, today, policy) = (self.app, self.now, self.today, self.policy)
        let reference = app.referenceData
        let approved = try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            guard try await Self.decide(applicationID, as: .approved, by: actor, reason: nil, at: now, on: db) else {
                let current = try await MembershipApplication.find(applicationID, on: db)
                throw MembershipError.applicationDecided(current?.status ?? .approved)
            }
            let member = Member()
            member.slug = try await Self.freeSlug(for: application.organizationName, on: db)
            member.name = application.organizationName
            member.category = application.category
            member.subtype = application.subtype
            member.region = region
            member.country = application.country
            member.founding = false
            member.population = application.population
            member.employees = application.employees
            member.contactEmail = application.contactEmail
            member.refreshSearchText()
            try await member.create(on: db)
            let memberID = try member.requireID()
            try await db.sql.update("membership_applications")
                .set("member_id", to: memberID).where("id", .equal, applicationID).run()
            let first = policy.firstYear(approvedOn: today)
            let period = try await Self.openPeriod(
                memberID: memberID, year: first.year, issuedOn: first.termsFrom, policy: policy, at: now, on: db)
            let invoice = try await Self.issueInvoice(for: member, period: period, quote: quote, issuedOn: today, at: now, on: db)
            try await Self.invite(memberID: memberID, email: application.contactEmail, token: token, at: now, on: db)
            let format = LocalFormat(language: language)
            try await Mail.enqueue(
                "application_approved", to: application.contactEmail, language: language,
                arguments: [
                    "name": application.contactName, "organization": member.name, "invoice": invoice.number,
                    "amount": format.number(Int(invoice.amountCents / 100)), "due": invoice.dueOn,
                    "link": app.publicURL + SiteURL.membership(.invitation).with(query: [("token", token)]),
                    "country": reference.countryName(application.country, language),
                ], app: app, at: now, on: db)
            try await MembershipLedger.recordStatus(
                of: memberID, cause: "application approved; invoice \(invoice.number)", at: now, policy: policy, on: db)
            return (
                (member, invoice),
                AuditLog.Event(
                    action: "application.approve", target: "application:\(application.reference)",
                    details: "member=\(member.slug) invoice=\(invoice.number) amount=\(invoice.amount)")
            )
        }
        // A new member: the directory's counts and the public pages change.
        await app.announce(.members)
        return approved
    }

    static let invitationLifetime: TimeInterval = 30 * 86_400

    /// Stores an invitation (its token's hash only) and ends every earlier unused one for the
    /// member, so only the newest link works.
    static func invite(memberID: UUID, email: String, token: String, at now: Date, on db: any Database) async throws {
        // One invitation at a time per member: without the lock, invitations sent together each
        // expire only the committed ones and all stay usable (and deadlock on PostgreSQL).
        try await db.lockUntilCommit("invitation-member:\(memberID)")
        try await db.sql.update("invitations").set("expires_at", to: now)
            .where("member_id", .equal, memberID).where("accepted_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now).run()
        let invitation = Invitation()
        invitation.$member.id = memberID
        invitation.email = email
        invitation.tokenHash = TokenHash.sha256Hex(token)
        invitation.expiresAt = now.addingTimeInterval(invitationLifetime)
        invitation.createdAt = now
        try await invitation.create(on: db)
    }

    /// A new invitation for the member's contact, e.g. when the first one expired or was lost.
    func reinvite(memberID: UUID, actor: String) async throws {
        guard let member = try await Member.find(memberID, on: db) else { throw Abort(.notFound) }
        guard let email = member.contactEmail else { throw MembershipError.noContact }
        guard try await User.query(on: db).filter(\.$email == email).first() == nil else { throw MembershipError.representativeExists }
        let language = try await language(of: member)
        let token = SecretGenerator.token()
        let (app, now) = (self.app, self.now)
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await Self.invite(memberID: memberID, email: email, token: token, at: now, on: db)
            try await Mail.enqueue(
                "invitation", to: email, language: language,
                arguments: [
                    "organization": member.name,
                    "link": app.publicURL + SiteURL.membership(.invitation).with(query: [("token", token)]),
                ], app: app, at: now, on: db)
            return ((), AuditLog.Event(action: "invitation.send", target: "member:\(member.slug)", details: "to=\(email)"))
        }
    }

    func reject(_ applicationID: UUID, reason: String, actor: String) async throws {
        guard let application = try await MembershipApplication.find(applicationID, on: db) else { throw Abort(.notFound) }
        guard application.status == .pending else { throw MembershipError.applicationDecided(application.status) }
        let (app, now) = (self.app, self.now)
        let language = Language(rawValue: application.language) ?? .en
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            guard try await Self.decide(applicationID, as: .rejected, by: actor, reason: reason, at: now, on: db) else {
                let current = try await MembershipApplication.find(applicationID, on: db)
                throw MembershipError.applicationDecided(current?.status ?? .rejected)
            }
            try await Mail.enqueue(
                "application_rejected", to: application.contactEmail, language: language,
                arguments: [
                    "name": application.contactName, "organization": application.organizationName, "reason": reason,
                ], app: app, at: now, on: db)
            return (
                (),
                AuditLog.Event(action: "application.reject", target: "application:\(application.reference)", details: "reason=\(reason)")
            )
        }
    }

    /// Moves a pending application to its decision; false when another transaction decided it first.
    static func decide(
        _ id: UUID, as status: ApplicationStatus, by actor: String, reason: String?, at date: Date,
        on db: any Database
    ) async throws -> Bool {
        let sql = db.sql
        let rows = try await sql.update("membership_applications")
            .set("status", to: status.rawValue).set("decided_at", to: date).set("decided_by", to: actor)
            .set("decision_reason", to: reason)
            .where("id", .equal, id).where("status", .equal, ApplicationStatus.pending.rawValue)
            .returning("id").all()
        return !rows.isEmpty
    }

    /// The member's web address: its name's slug, numbered when taken. Namesakes approved at the
    /// same instant queue on PostgreSQL for their base slug, so the second sees the first's;
    /// SQLite's single writer does the same.
    static func freeSlug(for name: String, on db: any Database) async throws -> String {
        let base = TextFolding.slug(name).isEmpty ? "member" : TextFolding.slug(name)
        try await db.lockUntilCommit("member-slug:" + base)
        var candidate = base
        var suffix = 2
        while try await Member.query(on: db).filter(\.$slug == candidate).count() > 0 {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    // MARK: Periods and invoices

    static func openPeriod(
        memberID: UUID, year: Int, issuedOn: CalendarDate, policy: MembershipPolicy, at date: Date,
        on db: any Database
    ) async throws -> MembershipPeriod {
        let terms = policy.terms(issuedOn: issuedOn)
        let period = MembershipPeriod()
        period.$member.id = memberID
        period.year = year
        period.dueOn = terms.dueOn.iso
        period.graceUntil = terms.graceUntil.iso
        period.createdAt = date
        try await period.create(on: db)
        return period
    }

    /// Issues an invoice for a period, due on the period's due date unless `dueOn` says otherwise.
    static func issueInvoice(
        for member: Member, period: MembershipPeriod, quote: FeeCalculator.Explained, issuedOn: CalendarDate,
        dueOn: CalendarDate? = nil, at date: Date, on db: any Database
    ) async throws -> Invoice {
        let number = try await DocumentNumbering.next(.invoice, year: issuedOn.year, on: db)
        let invoice = Invoice(numbered: number)
        invoice.$member.id = try member.requireID()
        invoice.$period.id = try period.requireID()
        invoice.issuedOn = issuedOn.iso
        invoice.dueOn = dueOn?.iso ?? period.dueOn
        invoice.amountCents = quote.quote.annualFee.cents
        invoice.description = "WeGO membership \(period.year)"
        invoice.feeExplanation = quote.explanation
        invoice.scheduleEffectiveFrom = quote.quote.scheduleEffectiveFrom
        invoice.billToName = member.name
        invoice.billToCountry = member.country
        invoice.createdAt = date
        try await invoice.create(on: db)
        invoice.$payments.value = []
        return invoice
    }

    /// Issues a new invoice for a period whose invoices were all voided (a correction).
    func reissue(periodID: UUID, actor: String) async throws -> Invoice {
        guard let period = try await MembershipPeriod.find(periodID, on: db),
            let member = try await Member.find(period.$member.id, on: db)
        else { throw Abort(.notFound) }
        let account = try await MembershipLedger.account(of: member, on: db)
        guard !account.invoices(for: period).contains(where: { $0.voidedAt == nil }) else { throw MembershipError.periodAlreadyInvoiced }
        guard period.waiverDecision == nil else { throw MembershipError.periodSettled }
        let quote = try await self.quote(Self.feeApplicant(member), language: try await language(of: member))
        let (now, today, policy) = (self.now, self.today, self.policy)
        return try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await Self.lockPeriod(periodID, on: db)
            let open = try await Invoice.query(on: db).filter(\.$period.$id == periodID).filter(\.$series == .invoice)
                .filter(\.$voidedAt == nil).count()
            guard open == 0 else { throw MembershipError.periodAlreadyInvoiced }
            // A correction gets a full payment term from today, never a due date already past.
            let due = max(CalendarDate(iso: period.dueOn) ?? today, policy.terms(issuedOn: today).dueOn)
            let invoice = try await Self.issueInvoice(
                for: member, period: period, quote: quote, issuedOn: today, dueOn: due, at: now, on: db)
            try await MembershipLedger.recordStatus(
                of: member.requireID(), cause: "invoice \(invoice.number) issued", at: now, policy: policy, on: db)
            return (
                invoice,
                AuditLog.Event(
                    action: "invoice.issue", target: "invoice:\(invoice.number)", details: "member=\(member.slug) amount=\(invoice.amount)")
            )
        }
    }

    static func feeApplicant(_ member: Member) -> FeeApplicant {
        switch member.category {
        case .localGovernment: .localGovernment(country: member.country ?? "", population: member.population)
        case .corporation: .corporation(employees: member.employees)
        case .institution: .institution(employees: member.employees)
        }
    }

    /// The language the member applied in; English for members without an application.
    func language(of member: Member) async throws -> Language {
        let application = try await MembershipApplication.query(on: db).filter(\.$member.$id == member.requireID()).first()
        return application.flatMap { Language(rawValue: $0.language) } ?? .en
    }

    // MARK: Payments, voids, waivers, resignations

    func recordPayment(invoiceNumber: String, draft: PaymentDraft, actor: String) async throws -> Payment {
        let (now, today, policy, app) = (self.now, self.today, self.policy, self.app)
        return try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            let invoice = try await Self.lockedInvoice(invoiceNumber, on: db)
            guard invoice.series == .invoice, let issuedOn = CalendarDate(iso: invoice.issuedOn) else { throw Abort(.notFound) }
            // A payment may predate a corrected invoice: it only may not predate the year's first one.
            let firstIssued =
                try await Invoice.query(on: db).filter(\.$period.$id == invoice.$period.id).filter(\.$series == .invoice).all()
                .compactMap { CalendarDate(iso: $0.issuedOn) }.min() ?? issuedOn
            let valid: PaymentDraft.Valid
            switch draft.validate(
                outstanding: invoice.outstanding, state: invoice.state, issuedOn: min(firstIssued, issuedOn), today: today)
            {
            case .failure(let problems): throw MembershipError.invalid(problems)
            case .success(let v): valid = v
            }
            let payment = Payment()
            payment.$invoice.id = try invoice.requireID()
            payment.receivedOn = valid.receivedOn.iso
            payment.amountCents = valid.amount.cents
            payment.method = valid.method
            payment.reference = valid.reference
            payment.recordedBy = actor
            payment.recordedAt = now
            try await payment.create(on: db)
            try await MembershipLedger.recordStatus(
                of: invoice.$member.id, cause: "payment \(valid.amount) on \(invoice.number)", at: now, policy: policy, on: db)
            return (
                payment,
                AuditLog.Event(
                    action: "payment.record", target: "invoice:\(invoice.number)",
                    details:
                        """
                        amount=\(valid.amount) method=\(valid.method.rawValue) received=\(valid.receivedOn.iso) \
                        reference=\(valid.reference ?? "")
                        """
                )
            )
        }
    }

    /// Loads an invoice with its payments, holding its row on PostgreSQL until the transaction ends
    /// so two payments recorded at once cannot both pass the outstanding check.
    static func lockedInvoice(_ number: String, on db: any Database) async throws -> Invoice {
        guard DocumentNumber(number) != nil else { throw Abort(.notFound) }
        try await db.lockRow(in: "invoices", where: "number", equals: number)
        guard let invoice = try await Invoice.query(on: db).filter(\.$number == number).with(\.$payments).first() else {
            throw Abort(.notFound)
        }
        return invoice
    }

    /// Voids an unpaid invoice: it keeps its number and a credit note for the same amount cancels it.
    func void(invoiceNumber: String, reason: String, actor: String) async throws -> Invoice {
        let (now, today, policy, app) = (self.now, self.today, self.policy, self.app)
        return try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            let invoice = try await Self.lockedInvoice(invoiceNumber, on: db)
            guard invoice.series == .invoice else { throw Abort(.notFound) }
            guard invoice.voidedAt == nil else { throw MembershipError.invoiceVoid }
            // Refunds are not handled here: voiding a paid invoice would strand its payments.
            guard invoice.paid.cents == 0 else { throw MembershipError.invoiceHasPayments }
            let credit = try await Self.cancel(invoice, reason: reason, today: today, at: now, on: db)
            try await MembershipLedger.recordStatus(
                of: invoice.$member.id, cause: "invoice \(invoice.number) voided by \(credit.number)", at: now, policy: policy, on: db)
            return (
                credit,
                AuditLog.Event(
                    action: "invoice.void", target: "invoice:\(invoice.number)", details: "credit_note=\(credit.number) reason=\(reason)")
            )
        }
    }

    /// Marks an invoice void and issues the credit note that cancels it, in the caller's transaction.
    static func cancel(_ invoice: Invoice, reason: String, today: CalendarDate, at now: Date, on db: any Database) async throws -> Invoice {
        invoice.voidedAt = now
        invoice.voidReason = reason
        try await invoice.save(on: db)
        let number = try await DocumentNumbering.next(.creditNote, year: today.year, on: db)
        let credit = Invoice(numbered: number)
        credit.$member.id = invoice.$member.id
        credit.$period.id = invoice.$period.id
        credit.$creditsInvoice.id = try invoice.requireID()
        credit.issuedOn = today.iso
        credit.dueOn = today.iso
        credit.amountCents = invoice.amountCents
        credit.description = invoice.description
        credit.feeExplanation = reason
        credit.scheduleEffectiveFrom = invoice.scheduleEffectiveFrom
        credit.billToName = invoice.billToName
        credit.billToCountry = invoice.billToCountry
        credit.createdAt = now
        try await credit.create(on: db)
        return credit
    }

    /// Holds a period's row on PostgreSQL until the transaction ends, so two corrections of one
    /// period (a double click, two people) queue and the second sees the first's work.
    static func lockPeriod(_ id: UUID, on db: any Database) async throws {
        try await db.lockRow(in: "membership_periods", where: "id", equals: id)
    }

    /// Waives a year's fee by a recorded decision. Its unpaid invoices are cancelled with credit
    /// notes, so nothing waived is still counted as owed; an invoice with part payments stays, and
    /// the period counts as settled.
    func waive(periodID: UUID, decision: String, actor: String) async throws {
        let (now, today, policy, app) = (self.now, self.today, self.policy, self.app)
        try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
            try await Self.lockPeriod(periodID, on: db)
            guard let period = try await MembershipPeriod.find(periodID, on: db) else { throw Abort(.notFound) }
            guard period.waiverDecision == nil else { throw MembershipError.periodSettled }
            period.waiverDecision = decision
            try await period.save(on: db)
            let unpaid = try await Invoice.query(on: db).filter(\.$period.$id == periodID).filter(\.$series == .invoice)
                .filter(\.$voidedAt == nil).with(\.$payments).all().filter { $0.paid.cents == 0 }
            for invoice in unpaid { _ = try await Self.cancel(invoice, reason: "waived: \(decision)", today: today, at: now, on: db) }
            try await MembershipLedger.recordStatus(
                of: period.$member.id, cause: "fee \(period.year) waived: \(decision)", at: now, policy: policy, on: db)
            return (
                (),
                AuditLog.Event(
                    action: "period.waive", target: "period:\(period.year):\(period.$member.id)", details: "decision=\(decision)")
            )
        }
    }

    func resign(memberID: UUID, notifiedOn: CalendarDate, effectiveOn: CalendarDate, note: String?, actor: String) async throws {
        let (now, policy, app) = (self.now, self.policy, self.app)
        do {
            try await AuditLog.perform(on: db, actor: actor, at: app.clock) { db in
                guard let member = try await Member.find(memberID, on: db) else { throw Abort(.notFound) }
                let resignation = Resignation()
                resignation.$member.id = memberID
                resignation.notifiedOn = notifiedOn.iso
                resignation.effectiveOn = effectiveOn.iso
                resignation.note = note
                try await resignation.create(on: db)
                try await MembershipLedger.recordStatus(
                    of: memberID, cause: "resignation notified \(notifiedOn.iso), effective \(effectiveOn.iso)",
                    at: now, policy: policy, on: db)
                return (
                    (),
                    AuditLog.Event(
                        action: "member.resign", target: "member:\(member.slug)",
                        details: "notified=\(notifiedOn.iso) effective=\(effectiveOn.iso)")
                )
            }
        } catch  where (error as? any DatabaseError)?.isConstraintFailure == true {
            throw MembershipError.alreadyResigned
        }
    }
}
