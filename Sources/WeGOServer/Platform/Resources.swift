import Foundation

/// Files shipped in the target's resource bundle: seed data, catalogs, the map, the stylesheet.
enum Resources {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "resource \(path) is missing from the WeGOServer bundle" }
    }

    static func url(_ path: String) throws -> URL {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    static func text(_ path: String) throws -> String {
        guard let text = String(data: try data(path), encoding: .utf8) else { throw Missing(path: path + " (not UTF-8)") }
        return text
    }
}
