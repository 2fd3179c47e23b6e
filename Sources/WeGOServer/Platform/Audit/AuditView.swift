import Foundation
import WeGOCore

enum AuditView {
    static func render(_ page: AuditPage, _ context: PageContext) -> HTML {
        let status: HTML =
            switch page.verification {
            case .intact(let count):
                "<p class=\"ok\" role=\"status\">\(context.t("audit.intact", ["count": context.format.number(count)]))</p>"
            case .broken(let sequence, let reason):
                """
                <p class=\"alert\" \
                role=\"alert\">\(context.t("audit.broken", ["sequence": String(sequence), "reason": reason.rawValue]))</p>
                """
            }
        let rows: [HTML] = page.entries.map { entry in
            """
            <tr><td>\(String(entry.sequence))</td><td>\(context.format.dateTime(entry.occurredAt))</td><td>\(entry.actor)</td>\
            <td>\(entry.action)</td><td>\(entry.target)</td><td>\(entry.details)</td><td><code>\(String(entry.hash.prefix(12)))</code></td>\
            </tr>
            """
        }
        let body: HTML = """
            <h1>\(context.t("admin.audit"))</h1>
            \(status)
            <div class="table-wrap"><table><caption class="visually-hidden">\(context.t("admin.audit"))</caption>
            <thead><tr><th scope="col">#</th><th scope="col">\(context.t("audit.when"))</th><th \
            scope="col">\(context.t("audit.actor"))</th>\
            <th scope="col">\(context.t("audit.action"))</th><th scope="col">\(context.t("audit.target"))</th>\
            <th scope="col">\(context.t("audit.details"))</th><th scope="col">\(context.t("audit.hash"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(context, title: context.t("admin.audit"), body: body)
    }
}
