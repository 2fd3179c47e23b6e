import Foundation
import Testing

@testable import WeGOCore

@Suite struct MailMessageTests {
    static let message = MailMessage(
        from: "WeGO Secretariat <secretariat@wego.test>", to: "sita@example.org",
        subject: "연회비 안내: Kathmandu", body: "Dear Sita,\n\n.Line with a dot\n회비 USD 500",
        date: Date(timeIntervalSince1970: 1_795_000_000), messageID: "abc@wego.test")

    @Test func rendersHeadersAndABase64Body() throws {
        let text = Self.message.rendered()
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        let headers = parts[0].components(separatedBy: "\r\n")
        #expect(headers.contains("From: WeGO Secretariat <secretariat@wego.test>"))
        #expect(headers.contains("Date: Wed, 18 Nov 2026 11:06:40 +0000"))
        #expect(headers.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(headers.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
        let body = try #require(Data(base64Encoded: parts[1].replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: body, as: UTF8.self) == "Dear Sita,\r\n\r\n.Line with a dot\r\n회비 USD 500")
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func encodedSubjectDecodesToTheOriginal() throws {
        let words = MailMessage.encodedWord(String(repeating: "서울 스마트 시티 ", count: 6)).components(separatedBy: "\r\n ")
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 })
        let decoded = try words.map { word -> String in
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: try #require(Data(base64Encoded: String(payload))), as: UTF8.self)
        }.joined()
        #expect(decoded == String(repeating: "서울 스마트 시티 ", count: 6))
        #expect(MailMessage.encodedWord("Plain\r\nsubject") == "Plain  subject")
    }

    @Test func extractsTheEnvelopeAddress() {
        #expect(MailMessage.address("WeGO <secretariat@wego.test>") == "secretariat@wego.test")
        #expect(MailMessage.address(" sita@example.org ") == "sita@example.org")
    }
}
