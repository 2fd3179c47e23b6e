import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import WeGOCore

/// A small SMTP client (RFC 5321): EHLO, STARTTLS or implicit TLS, AUTH PLAIN, one message per
/// transaction. Enough to hand the outbox to the organization's mail relay; nothing more.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    let group: any EventLoopGroup
    /// The time allowed per reply; the whole conversation gets this times the number of steps.
    var timeout: TimeAmount = .seconds(30)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `messages` over one connection and reports each outcome as soon as the server gives
    /// it (nil: accepted; otherwise the refusal), so a connection lost midway loses no record of
    /// what was already accepted. A connection failure throws; unreported messages wait for a
    /// later run.
    func send(_ messages: [MailMessage], report: (Int, String?) async throws -> Void) async throws {
        let implicitTLS = settings.security == .tls
        let sslContext = settings.security == .none ? nil : try NIOSSLContext(configuration: .makeClientConfiguration())
        let host = settings.host
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .connect(host: host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let sslContext {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // A silent server must not hold the run forever: past a deadline proportional to the
        // work, the connection is closed, which ends the read with an error.
        let deadline = TimeAmount.nanoseconds(timeout.nanoseconds * Int64(4 + 5 * messages.count))
        let watchdog = channel.channel.eventLoop.scheduleTask(in: deadline) { channel.channel.close(promise: nil) }
        defer { watchdog.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var session = Session(lines: LineReader(inbound.makeAsyncIterator()), outbound: outbound)
            try await session.expect(220)
            var capabilities = try await session.command("EHLO wego", expect: 250)
            if settings.security == .startTLS {
                guard capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }), let sslContext else {
                    throw Failure(description: "\(host) does not offer STARTTLS; set WEGO_SMTP_SECURITY=tls or none")
                }
                _ = try await session.command("STARTTLS", expect: 220)
                // Anything the server sent before the handshake could be injected into later
                // replies (the classic STARTTLS attack): refuse rather than read it afterwards.
                guard session.lines.pending.isEmpty else { throw Failure(description: "\(host) sent data before the TLS handshake") }
                try await channel.channel.pipeline.addHandler(
                    try NIOSSLClientHandler(context: sslContext, serverHostname: host), position: .first
                ).get()
                capabilities = try await session.command("EHLO wego", expect: 250)
            }
            if let username = settings.username {
                let credentials = Data("\u{0}\(username)\u{0}\(settings.password ?? "")".utf8).base64EncodedString()
                _ = try await session.command("AUTH PLAIN \(credentials)", expect: 235, redacted: "AUTH PLAIN ***")
            }
            for (index, message) in messages.enumerated() {
                do {
                    _ = try await session.command("MAIL FROM:<\(MailMessage.address(message.from))>", expect: 250)
                    _ = try await session.command("RCPT TO:<\(MailMessage.address(message.to))>", expect: 250, 251)
                    _ = try await session.command("DATA", expect: 354)
                    _ = try await session.command(message.rendered() + ".", expect: 250, redacted: "(message)")
                    try await report(index, nil)
                } catch let refusal as Refusal {
                    // A refused recipient or message does not end the connection: reset and go on.
                    try await report(index, refusal.description)
                    _ = try? await session.command("RSET", expect: 250)
                }
            }
            _ = try? await session.command("QUIT", expect: 221)
        }
    }

    /// A reply outside the expected codes, e.g. "550 mailbox unavailable".
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    struct Session {
        var lines: LineReader
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

        /// Reads one reply (all its lines) and checks its code.
        @discardableResult
        mutating func expect(_ codes: Int..., context: String = "greeting") async throws -> [String] {
            try await expect(codes, context: context)
        }

        mutating func expect(_ codes: [Int], context: String) async throws -> [String] {
            var texts: [String] = []
            while true {
                guard let line = try await lines.next() else {
                    throw Failure(description: "connection closed while waiting for the reply to \(context)")
                }
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "malformed reply \"\(line)\"") }
                texts.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                    guard codes.contains(code) else { throw Refusal(description: "\(context): \(line)") }
                    return texts
                }
            }
        }

        mutating func command(_ text: String, expect codes: Int..., redacted: String? = nil) async throws -> [String] {
            try await outbound.write(ByteBuffer(string: text + "\r\n"))
            return try await expect(codes, context: redacted ?? text)
        }
    }

    /// Splits the inbound bytes into CRLF-terminated lines.
    struct LineReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func next() async throws -> String? {
            while true {
                if let range = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    return line
                }
                guard pending.utf8.count < 64 * 1024 else { throw Failure(description: "reply line too long") }
                guard let buffer = try await iterator.next() else { return nil }
                pending += String(buffer: buffer)
            }
        }
    }
}
