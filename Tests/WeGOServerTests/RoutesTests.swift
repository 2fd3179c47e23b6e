import Foundation
import Testing
import Vapor

@testable import WeGOServer

/// Every address comes from `SiteURL`: each registered route is one of its cases, each case is
/// registered, and a link built with values is matched by the pattern it was registered with.
extension ServerTests {
    @Suite struct Routes {
        static func pattern(_ components: [PathComponent]) -> String {
            "/" + components.map(\.description).joined(separator: "/")
        }

        /// Values in links are encoded as Foundation encodes them with the link character set;
        /// slugs and ids skip Foundation, and must come out unchanged.
        @Test(arguments: ["seoul", "kampala-2", "a~b_c.d", "São Paulo", "a/b", "x&y=z", "50%", "a b", "서울", "q?#+"])
        func linkValuesAreEncodedAsFoundationEncodesThem(_ value: String) {
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+?#/")
            #expect(SiteURL.encode(value) == value.addingPercentEncoding(withAllowedCharacters: allowed))
        }

        @Test func everyRouteIsASiteURLAndEveryCaseIsRouted() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let registered = Set(app.routes.all.map { Self.pattern($0.path) })
                let declared = Set(SiteURL.all.map { Self.pattern($0.pathComponents) })
                #expect(registered.subtracting(declared).isEmpty, "routes outside SiteURL: \(registered.subtracting(declared).sorted())")
                #expect(
                    declared.subtracting(registered).isEmpty, "SiteURL cases never routed: \(declared.subtracting(registered).sorted())")
                #expect(declared.count == SiteURL.all.count, "two cases share a pattern")
            }
        }

        /// The attack suite reads this table to request every route as every role; a route
        /// registered around `SiteURL` would escape both the guard and the suite.
        @Test func everyRouteDeclaresWhoMayUseIt() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                let table = RouteTableCommand.entries(of: app.routes)
                #expect(table.count == app.routes.all.count)
                #expect(table.filter { $0.access == "undeclared" }.map(\.path) == [])
                #expect(table.contains(.init(method: "GET", path: "/admin/users", access: "secretariat", parameters: [])))
                #expect(table.contains(.init(method: "POST", path: "/admin/members/:slug/edit", access: "signed_in", parameters: ["slug"])))
                #expect(table.contains(.init(method: "GET", path: "/members/:slug", access: "anyone", parameters: ["slug"])))
            }
        }

        @Test func linksMatchTheirPatterns() {
            for url in SiteURL.all {
                let link = url.sample
                let path = link.path
                #expect(!path.contains(":"), "\(link) still has a parameter: \(path)")
                let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                let pattern = link.pathComponents
                #expect(parts.count == pattern.count, "\(path) against \(Self.pattern(pattern))")
                for (part, component) in zip(parts, pattern) {
                    switch component {
                    case .constant(let text): #expect(part == text, "\(path) against \(Self.pattern(pattern))")
                    case .parameter: #expect(!part.isEmpty)
                    default: Issue.record("unexpected component \(component) in \(Self.pattern(pattern))")
                    }
                }
                #expect(url.pathComponents == link.pathComponents, "the pattern of \(url) does not depend on its values")
            }
        }

        @Test func valuesAreEncodedAndUUIDsLowerCased() {
            let id = UUID(uuidString: "0A1B2C3D-0000-4000-8000-00000000000F")!
            #expect(SiteURL.matching(.meeting(.value(id))).path == "/matching/meetings/0a1b2c3d-0000-4000-8000-00000000000f")
            #expect(SiteURL.index(.unit(.value("cfri-2025"), .value("São Paulo/1"))).path == "/index/cfri-2025/units/S%C3%A3o%20Paulo%2F1")
            #expect(SiteURL.network(.member(.value("seoul"))).with(query: [("lang", "ko"), ("empty", "")]) == "/members/seoul?lang=ko")
        }
    }
}

extension SiteURL {
    /// The same page with a made-up value in every parameter, for the tests.
    var sample: SiteURL {
        let id = Parameter.value(UUID())
        let text = Parameter.value("sample")
        switch self {
        case .network(.member): return .network(.member(text))
        case .membership(.applyCategory): return .membership(.applyCategory(text))
        case .membership(.invoice): return .membership(.invoice(text))
        case .index(.edition): return .index(.edition(text))
        case .index(.ranking): return .index(.ranking(text))
        case .index(.methodology): return .index(.methodology(text))
        case .index(.unit): return .index(.unit(text, text))
        case .matching(let page):
            switch page {
            case .item: return .matching(.item(id))
            case .itemEdit: return .matching(.itemEdit(id))
            case .itemDelete: return .matching(.itemDelete(id))
            case .itemRequest: return .matching(.itemRequest(id))
            case .meeting: return .matching(.meeting(id))
            case .answer: return .matching(.answer(id))
            case .slot: return .matching(.slot(id))
            case .invitation: return .matching(.invitation(id))
            case .report: return .matching(.report(id))
            case .outcome: return .matching(.outcome(id))
            case .confirmOutcome: return .matching(.confirmOutcome(id))
            case .joinCycle: return .matching(.joinCycle(.value("2027-03")))
            default: return self
            }
        case .admin(let page):
            switch page {
            case .memberEdit: return .admin(.memberEdit(text))
            case .userEdit: return .admin(.userEdit(id))
            case .application: return .admin(.application(id))
            case .approve: return .admin(.approve(id))
            case .reject: return .admin(.reject(id))
            case .payment: return .admin(.payment(text))
            case .void: return .admin(.void(text))
            case .membership: return .admin(.membership(text))
            case .resign: return .admin(.resign(text))
            case .invite: return .admin(.invite(text))
            case .waivePeriod: return .admin(.waivePeriod(id))
            case .reissuePeriod: return .admin(.reissuePeriod(id))
            case .gdpDelete: return .admin(.gdpDelete(.value("KR")))
            case .indexEdition: return .admin(.indexEdition(text))
            case .indexPublish: return .admin(.indexPublish(text))
            case .indexUnpublish: return .admin(.indexUnpublish(text))
            case .indexDelete: return .admin(.indexDelete(text))
            case .planCycle: return .admin(.planCycle(.value("2027-03")))
            default: return self
            }
        case .api(.member): return .api(.member(text))
        default: return self
        }
    }
}
