import Foundation
import Logging

/// One JSON object per line (timestamp, level, label, message, metadata such as request-id),
/// for log collectors. Chosen with LOG_FORMAT=json; the default stays Vapor's readable console.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        var object: [String: Any] = [
            "ts": ISO8601DateFormatter.string(
                from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": level.rawValue,
            "label": label,
            "msg": message.description,
        ]
        if !fields.isEmpty { object["meta"] = fields }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        Self.lock.withLock {
            FileHandle.standardError.write(data + Data([0x0A]))
        }
    }
}

public enum LogFormat {
    /// Bootstraps JSON logging when LOG_FORMAT=json; returns false to let Vapor set up its own.
    public static func bootstrapJSONIfRequested() -> Bool {
        let env = ProcessInfo.processInfo.environment
        guard env["LOG_FORMAT"]?.lowercased() == "json" else { return false }
        let level = env["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        return true
    }
}
