import Vapor
import WeGOServer

/// `wego` with no arguments serves the site, after migrating and, on an empty database,
/// seeding the WeGO network: the README's first command is all a new user needs.
var environment = try Environment.detect()
if !LogFormat.bootstrapJSONIfRequested() {
    try LoggingSystem.bootstrap(from: &environment)
}
let app = try await Application.make(environment)
do {
    try await configure(app)
    let command = environment.arguments.dropFirst().first
    if command == nil || command == "serve" || command?.hasPrefix("-") == true {
        // Vapor's serve command stops gracefully on SIGTERM and SIGINT through dispatch signal
        // sources, which see a signal only when its default action (terminate at once) is off;
        // Vapor switches it off on Darwin alone, so on Linux SIGTERM killed the server mid-request.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        try await prepareForServing(app)
    }
    try await app.execute()
} catch {
    // A command that exits with a code has already said why on the console.
    if !(error is ExitCode) { app.logger.report(error: error) }
    try? await app.asyncShutdown()
    exit((error as? ExitCode)?.code ?? 1)
}
try await app.asyncShutdown()
