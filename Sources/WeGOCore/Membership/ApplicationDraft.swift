import Foundation

/// A membership application as typed into the public form: strings in, typed values or field
/// problems out. The form differs by category (a city gives its population and level, a company
/// its size class and head count), but one draft serves all three so a category switch keeps what
/// was typed.
public struct ApplicationDraft: Sendable, Equatable {
    public var category = ""
    public var organizationName = ""
    /// Level (city, district, province), size class (MNC, SME, start-up) or institution type.
    public var subtype = ""
    public var country = ""
    public var population = ""
    public var employees = ""
    public var contactName = ""
    public var contactEmail = ""
    public var contactPhone = ""
    public var motivation = ""
    public var consent = false

    public init() {}

    public struct Valid: Sendable, Equatable {
        public var category: MemberCategory
        public var organizationName: String
        public var subtype: MemberSubtype
        public var country: String
        public var population: Int?
        public var employees: Int?
        public var contactName: String
        public var contactEmail: String
        public var contactPhone: String?
        public var motivation: String?

        /// What the fee is computed from.
        public var feeApplicant: FeeApplicant {
            switch category {
            case .localGovernment: .localGovernment(country: country, population: population)
            case .corporation: .corporation(employees: employees)
            case .institution: .institution(employees: employees)
            }
        }
    }

    public static let maximumMotivationLength = 2_000

    /// Field name → problem key (catalog key). `knownCountries` are the ISO codes the platform ships.
    public func validate(knownCountries: Set<String>) -> Result<Valid, FieldProblems> {
        var problems: [String: String] = [:]
        let singleLine = [
            "category": category, "organization_name": organizationName, "subtype": subtype, "country": country,
            "population": population, "employees": employees, "contact_name": contactName,
            "contact_email": contactEmail, "contact_phone": contactPhone,
        ]
        for (field, value) in singleLine where TextFolding.containsControlCharacters(value) {
            problems[field] = "form.invalid_characters"
        }
        // The motivation may have line breaks, but no other control characters.
        if TextFolding.containsControlCharacters(
            motivation.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
        {
            problems["motivation"] = "form.invalid_characters"
        }
        if !problems.isEmpty { return .failure(FieldProblems(fields: problems)) }

        func trimmed(_ s: String) -> String? {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        func count(_ field: String, _ raw: String) -> Int? {
            guard let text = trimmed(raw) else { problems[field] = "application.error.\(field)_required"; return nil }
            guard let value = Int(text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")),
                value > 0, value < 1_000_000_000
            else {
                problems[field] = "application.error.\(field)_invalid"
                return nil
            }
            return value
        }

        let category = MemberCategory(rawValue: self.category)
        if category == nil { problems["category"] = "application.error.category" }
        let name = trimmed(organizationName)
        if name == nil {
            problems["organization_name"] = "application.error.organization_name_required"
        } else if name!.count > 200 {
            problems["organization_name"] = "application.error.too_long"
        }
        let subtype = MemberSubtype(rawValue: self.subtype)
        if let category, subtype?.category != category { problems["subtype"] = "application.error.subtype_\(category.rawValue)" }
        let country = self.country.trimmingCharacters(in: .whitespaces).uppercased()
        if !knownCountries.contains(country) { problems["country"] = "application.error.country" }
        var population: Int?
        var employees: Int?
        switch category {
        case .localGovernment: population = count("population", self.population)
        case .corporation, .institution: employees = count("employees", self.employees)
        case nil: break
        }
        let contactName = trimmed(self.contactName)
        if contactName == nil {
            problems["contact_name"] = "application.error.contact_name_required"
        } else if contactName!.count > 200 {
            problems["contact_name"] = "application.error.too_long"
        }
        let email = EmailAddress.normalized(contactEmail)
        if !EmailAddress.isPlausible(email) { problems["contact_email"] = "application.error.contact_email" }
        let phone = trimmed(contactPhone)
        if let phone, phone.count > 40 || !phone.allSatisfy({ $0.isNumber || " +-().".contains($0) }) {
            problems["contact_phone"] = "application.error.contact_phone"
        }
        let motivation = trimmed(self.motivation)
        if let motivation, motivation.count > Self.maximumMotivationLength { problems["motivation"] = "application.error.too_long" }
        if !consent { problems["consent"] = "application.error.consent" }

        guard problems.isEmpty, let category, let name, let subtype, let contactName else {
            return .failure(FieldProblems(fields: problems))
        }
        return .success(
            Valid(
                category: category, organizationName: name, subtype: subtype, country: country,
                population: population, employees: employees, contactName: contactName,
                contactEmail: email, contactPhone: phone, motivation: motivation))
    }
}

/// Where an application stands. An application is decided once: approval and rejection are final.
public enum ApplicationStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved, rejected
}
