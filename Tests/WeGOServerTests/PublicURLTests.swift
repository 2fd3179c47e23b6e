import Fluent
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting
import WeGOCore

@testable import WeGOServer

/// Links that leave the platform name the address it really answers on (issue 12: a server
/// started with `--port 18942` wrote http://127.0.0.1:8080/… into e-mails and calendar files).
extension ServerTests {
    @Suite struct PublicURL {
        @Test func linksInEmailsNameThePortTheServerListensOn() async throws {
            try await withWeGOApp(.sqlite) { app in
                // Port 0: the system picks one, as `serve --port` would pick another than 8080.
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                do {
                    let port = try #require(app.http.server.shared.localAddress?.port)
                    #expect(port != 8080 && app.publicURL == "http://127.0.0.1:\(port)")
                    let service = WeGOServer.MembershipService(app)
                    let id = try await service.submit(MembershipService.cityDraft(), language: .en).application.requireID()
                    _ = try await service.approve(id, region: .asiaPacific, actor: "test")
                    let invitation = try #require(
                        try await OutboxMessage.query(on: app.db).all().first { $0.body.contains("/invitation?token=") })
                    #expect(invitation.body.contains("http://127.0.0.1:\(port)/invitation?token="))
                    #expect(!invitation.body.contains(":8080/"))
                } catch {
                    await app.server.shutdown()
                    throw error
                }
                await app.server.shutdown()
            }
        }

        @Test func aConfiguredPublicAddressWins() async throws {
            try await withWeGOApp(.sqlite, seed: false) { app in
                app.settings.configuredPublicURL = "https://network.wego-cities.org"
                #expect(app.publicURL == "https://network.wego-cities.org")
            }
        }
    }
}
