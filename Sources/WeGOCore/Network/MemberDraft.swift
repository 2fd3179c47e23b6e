import Foundation

/// A member as typed into the admin form: every field a string, checked into typed values or a
/// list of field problems. Nothing is saved unless `validate` succeeds for every field.
public struct MemberDraft: Sendable, Equatable {
    public var name = ""
    public var nameLocal = ""
    public var slug = ""
    public var category = ""
    public var subtype = ""
    public var region = ""
    public var country = ""
    public var founding = false
    public var latitude = ""
    public var longitude = ""
    public var population = ""
    public var note = ""

    public init() {}

    public struct Valid: Sendable, Equatable {
        public var name: String
        public var nameLocal: String?
        public var slug: String
        public var category: MemberCategory
        public var subtype: MemberSubtype?
        public var region: Region?
        public var country: String?
        public var founding: Bool
        public var latitude: Double?
        public var longitude: Double?
        public var population: Int?
        public var note: String?
    }

    /// Field name → problem key. `knownCountries` are the ISO codes the platform ships.
    public func validate(knownCountries: Set<String>) -> Result<Valid, FieldProblems> {
        var problems: [String: String] = [:]
        let fields = [
            "name": name, "name_local": nameLocal, "slug": slug, "category": category, "subtype": subtype,
            "region": region, "country": country, "latitude": latitude, "longitude": longitude,
            "population": population, "note": note,
        ]
        for (field, value) in fields where TextFolding.containsControlCharacters(value) {
            problems[field] = "form.invalid_characters"
        }
        if !problems.isEmpty { return .failure(FieldProblems(fields: problems)) }
        func trimmed(_ s: String) -> String? {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        let name = trimmed(self.name)
        if name == nil {
            problems["name"] = "form.member.name_required"
        } else if name!.count > 200 {
            problems["name"] = "form.member.name_too_long"
        }
        let slug = trimmed(self.slug).map(TextFolding.slug) ?? name.map(TextFolding.slug) ?? ""
        if name != nil, slug.isEmpty {
            problems["slug"] = "form.member.slug_required"
        } else if slug.count > 120 {
            problems["slug"] = "form.member.slug_too_long"
        }
        let category = MemberCategory(rawValue: self.category)
        if category == nil { problems["category"] = "form.member.category_invalid" }
        var subtype: MemberSubtype?
        if let raw = trimmed(self.subtype) {
            subtype = MemberSubtype(rawValue: raw)
            if subtype == nil {
                problems["subtype"] = "form.member.subtype_invalid"
            } else if let category, subtype!.category != category {
                problems["subtype"] = "form.member.subtype_mismatch"
            }
        }
        var region: Region?
        if let raw = trimmed(self.region) {
            region = Region(rawValue: raw)
            if region == nil { problems["region"] = "form.member.region_invalid" }
        }
        var country: String?
        if let raw = trimmed(self.country) {
            country = raw.uppercased()
            if !knownCountries.contains(country!) { problems["country"] = "form.member.country_invalid" }
        }
        func number(_ raw: String, field: String, range: ClosedRange<Double>) -> Double? {
            guard let text = trimmed(raw) else { return nil }
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                problems[field] = "form.member.\(field)_invalid"
                return nil
            }
            return value
        }
        let latitude = number(self.latitude, field: "latitude", range: -90 ... 90)
        let longitude = number(self.longitude, field: "longitude", range: -180 ... 180)
        if (trimmed(self.latitude) == nil) != (trimmed(self.longitude) == nil), problems["latitude"] == nil, problems["longitude"] == nil {
            problems["longitude"] = "form.member.coordinates_pair"
        }
        var population: Int?
        if let text = trimmed(self.population)?.replacingOccurrences(of: ",", with: "") {
            if let value = Int(text), value > 0, value < 100_000_000 {
                population = value
            } else {
                problems["population"] = "form.member.population_invalid"
            }
        }
        let note = trimmed(self.note)
        if let note, note.count > 2000 { problems["note"] = "form.member.note_too_long" }
        guard problems.isEmpty, let name, let category else { return .failure(FieldProblems(fields: problems)) }
        return .success(
            Valid(
                name: name, nameLocal: trimmed(nameLocal), slug: slug, category: category, subtype: subtype,
                region: region, country: country, founding: founding, latitude: latitude,
                longitude: longitude, population: population, note: note))
    }
}
