import Vapor
import WeGOCore

// The membership program's forms as typed; each is checked by a validator in the core (or,
// for a payment, by the service against its invoice) before anything is written.

/// The public application; the category comes from the page's address.
struct ApplicationForm: Content, Sendable {
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

/// Approving an application, optionally placing the new member in a region.
struct ApproveForm: Content, Sendable {
    var region: String?

    var checked: Result<Region?, FieldProblems> {
        guard let raw = region, !raw.isEmpty else { return .success(nil) }
        guard let region = Region(rawValue: raw) else { return .failure(FieldProblems(fields: ["region": "form.member.region_invalid"])) }
        return .success(region)
    }
}

/// The reason for rejecting an application or voiding an invoice.
struct ReasonForm: Content, Sendable {
    var reason: String?
}

/// The decision that waives a year's fee.
struct WaiveForm: Content, Sendable {
    var decision: String?
}

struct PaymentForm: Content, Sendable {
    var received_on: String?
    var amount: String?
    var method: String?
    var reference: String?

    var draft: PaymentDraft {
        PaymentDraft(receivedOn: received_on ?? "", amount: amount ?? "", method: method ?? "", reference: reference ?? "")
    }
}

struct ResignForm: Content, Sendable {
    var notified_on: String?
    var effective_on: String?
    var note: String?

    var draft: ResignationDraft { ResignationDraft(notifiedOn: notified_on ?? "", effectiveOn: effective_on ?? "", note: note ?? "") }
}

struct GDPForm: Content, Sendable {
    var country: String?
    var value: String?
    var year: String?
    var source: String?

    var draft: GDPOverrideDraft { GDPOverrideDraft(country: country ?? "", value: value ?? "", year: year ?? "", source: source ?? "") }
}

/// The name and password with which an invitation's addressee becomes a representative.
struct InvitationForm: Content, Sendable {
    var display_name: String?
    var password: String?

    struct Acceptance: Sendable {
        var displayName: String
        var password: String
    }

    func checked(email: String, policy: PasswordPolicy) -> Result<Acceptance, FieldProblems> {
        var problems = FieldProblems()
        let displayName = UserAccounts.displayName(display_name, problems: &problems)
        let password = password ?? ""
        if let problem = policy.validate(password, email: email).first { problems.add("password", problem.key) }
        guard problems.isEmpty, let displayName else { return .failure(problems) }
        return .success(Acceptance(displayName: displayName, password: password))
    }
}
