import Foundation
import Vapor

/// `wego routes [--json]`: every registered route with the access it declares. Replaces Vapor's
/// own `routes` command so the attack suite can read the table (as JSON) and request each route
/// as each role; a route registered without a declaration is listed as "undeclared".
struct RouteTableCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "json", help: "Print a JSON array of {method, path, access, parameters}.")
        var json: Bool
    }

    struct Entry: Codable, Equatable {
        let method: String
        /// The pattern, parameters as `:name` (`/members/:slug`).
        let path: String
        let access: String
        let parameters: [String]
    }

    var help: String { "Lists every route with its method, path and declared access." }

    static func entries(of routes: Routes) -> [Entry] {
        routes.all.map { route in
            Entry(
                method: route.method.rawValue, path: "/" + route.path.map(\.description).joined(separator: "/"),
                access: route.access?.rawValue ?? "undeclared",
                parameters: route.path.compactMap { if case .parameter(let name) = $0 { name } else { nil } })
        }
        .sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let entries = Self.entries(of: context.application.routes)
        if signature.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            context.console.output(String(decoding: try encoder.encode(entries), as: UTF8.self).consoleText())
        } else {
            let width = entries.map(\.path.count).max() ?? 0
            for entry in entries {
                let method = entry.method.padding(toLength: 7, withPad: " ", startingAt: 0)
                context.console.output(
                    "\(method)\(entry.path.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(entry.access)".consoleText())
            }
        }
    }
}
