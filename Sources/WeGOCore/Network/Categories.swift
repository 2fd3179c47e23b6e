/// The three membership categories of the WeGO statutes and brochure.
public enum MemberCategory: String, CaseIterable, Codable, Sendable {
    case localGovernment = "local_government"
    case institution
    case corporation
}

/// Sub-types named in the brochure's "Membership categories".
public enum MemberSubtype: String, CaseIterable, Codable, Sendable {
    // local governments
    case city, district, province
    // corporations
    case mnc, sme, startup
    // institutions
    case association, publicAgency = "public_agency", academic, nonProfit = "non_profit"

    public var category: MemberCategory {
        switch self {
        case .city, .district, .province: .localGovernment
        case .mnc, .sme, .startup: .corporation
        case .association, .publicAgency, .academic, .nonProfit: .institution
        }
    }
}

/// The five regions the December 2025 member list groups local governments by.
public enum Region: String, CaseIterable, Codable, Sendable {
    case africa
    case europe
    case mena = "middle_east_north_africa"
    case americas
    case asiaPacific = "asia_pacific"
}

public enum GovernanceRole: String, CaseIterable, Codable, Sendable {
    case president = "president_city"
    case executiveVicePresident = "executive_vice_president_city"
    case vicePresident = "vice_president_city"
    case executiveCommittee = "executive_committee"
}
