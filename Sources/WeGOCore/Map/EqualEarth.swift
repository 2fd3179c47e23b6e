import Foundation

/// The Equal Earth projection (Šavrič, Patterson & Jenny, 2018,
/// "The Equal Earth map projection", International Journal of Geographical Information Science 33(3)).
///
/// Why Equal Earth: it is equal-area, so a member network spread over Africa, Asia and Latin America
/// is not visually dwarfed by an inflated Europe and North America, as on Web Mercator; it is also
/// cheap (a polynomial, no iteration in the forward direction), which matters because every country
/// point goes through it once at start-up.
enum EqualEarth {
    static let a1 = 1.340264
    static let a2 = -0.081106
    static let a3 = 0.000893
    static let a4 = 0.003796
    static let m = 3.0.squareRoot() / 2

    /// Raw projected coordinates on the unit sphere, y pointing north.
    /// Latitude is clamped to ±90; longitude outside ±180 is wrapped (±180 itself is kept so that
    /// polygons touching the antimeridian stay on their own side of the map).
    static func raw(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        let lat = min(90, max(-90, latitude))
        var lon = longitude
        if lon > 180 || lon < -180 {
            lon = (lon + 180).truncatingRemainder(dividingBy: 360)
            if lon < 0 { lon += 360 }
            lon -= 180
        }
        let phi = lat * .pi / 180
        let lambda = lon * .pi / 180
        let theta = asin(m * sin(phi))
        let t2 = theta * theta
        let t6 = t2 * t2 * t2
        let x = lambda * cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
        let y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
        return (x, y)
    }

    /// Half-width of the whole map (the equator at ±180°).
    static let maxX = raw(latitude: 0, longitude: 180).x
    /// Half-height of the whole map (the pole lines).
    static let maxY = raw(latitude: 90, longitude: 0).y
}
