/// Which local governments a regional network is open to. The seed documents describe AFSCN,
/// ASCN and LASCN as open-ended networks of the local governments of their region and do not
/// list their members, so membership is derived from region and country, not stored.
public enum RegionalNetworkRule {
    /// ASEAN member states (ISO 3166 alpha-2).
    public static let asean: Set<String> = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]
    /// Latin America and the Caribbean as the Americas members outside Canada and the United States.
    static let northernAmerica: Set<String> = ["US", "CA"]

    public static func covers(networkCode: String, region: Region, country: String?) -> Bool {
        switch networkCode.uppercased() {
        case "AFSCN": return region == .africa
        case "ASCN": return country.map(asean.contains) ?? false
        case "LASCN": return region == .americas && country.map { !northernAmerica.contains($0) } ?? false
        default: return false
        }
    }
}
