/// One point drawn on the world map: a member organisation or a WeGO office.
///
/// Why plain strings rather than domain enums: the map is a drawing primitive. The server maps its
/// own types (member category, office, URL) onto CSS classes and links, so the core map does not
/// need to change when a new kind of marker appears.
public struct MapMarker: Sendable, Equatable, Hashable {
    /// Stable identifier, emitted as `data-id` so that page scripts or CSS can tie a marker to a
    /// row of the accessible member list that accompanies the map.
    public var id: String
    /// Already-translated text shown as the marker's tooltip (`<title>`).
    public var label: String
    public var latitude: Double
    public var longitude: Double
    /// CSS class(es) describing the marker, e.g. `local_government`, `corporation`, `institution`.
    /// Colours live in the site stylesheet, never in the SVG.
    public var kind: String
    /// Offices (secretariat, regional offices) are drawn as a larger diamond so they stand out from
    /// the member dots even for people who cannot tell the category colours apart.
    public var isOffice: Bool
    /// When set, the marker is wrapped in `<a href>` (e.g. the member's profile page).
    public var href: String?

    public init(
        id: String, label: String, latitude: Double, longitude: Double,
        kind: String, isOffice: Bool = false, href: String? = nil
    ) {
        self.id = id
        self.label = label
        self.latitude = latitude
        self.longitude = longitude
        self.kind = kind
        self.isOffice = isOffice
        self.href = href
    }
}
