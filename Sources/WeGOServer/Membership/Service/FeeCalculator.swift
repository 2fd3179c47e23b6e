import Fluent
import Vapor
import WeGOCore

/// A quote with its labels and explanation in one language; shared by the API and the page.
enum FeeCalculator {
    struct Explained: Sendable {
        var quote: FeeQuote
        var rowLabel: String?
        var columnLabel: String?
        var explanation: String
    }

    static let schedule = FeeSchedule.brochure2026

    /// 404 for an unknown country, 422 when the country has no GDP figure; both with a sentence
    /// in `language` that says what is missing.
    static func quote(_ applicant: FeeApplicant, language: Language, app: Application, gdp: GDPDataset) throws -> Explained {
        let catalog = app.localization.catalog(language)
        let format = LocalFormat(language: language)
        let reference = app.referenceData
        if case .localGovernment(let country, _) = applicant, reference.countries[country] == nil {
            throw Abort(.notFound, reason: catalog.text("fee.error.unknown_country", ["country": country]))
        }
        let quote: FeeQuote
        do {
            quote = try schedule.quote(applicant) { gdp.figure(for: $0) }
        } catch {
            let country = if case .localGovernment(let code, _) = applicant { code } else { "" }
            throw Abort(.unprocessableEntity, reason: catalog.text(error.key, ["country": reference.countryName(country, language)]))
        }
        let group: (Int64) -> String = { format.number(Int($0)) }
        let fee = format.number(Int(quote.annualFee.cents / 100))
        switch quote.basis {
        case .matrix(let figure, let country, let row, let population, let column):
            let rowLabel = schedule.localGovernments.rowLabel(row, group: group)
            let columnLabel = schedule.localGovernments.columnLabel(column, group: group)
            let explanation = catalog.text(
                "fee.explanation.local_government",
                [
                    "country": reference.countryName(country, language), "year": String(figure.year), "source": figure.source,
                    "gdp": format.number(Int(figure.value.roundedDollars)), "row": rowLabel, "population": format.number(population),
                    "column": columnLabel, "fee": fee,
                ])
            return Explained(quote: quote, rowLabel: rowLabel, columnLabel: columnLabel, explanation: explanation)
        case .employees(let count, let threshold, let large):
            let explanation = catalog.text(
                large ? "fee.explanation.large" : "fee.explanation.small",
                [
                    "employees": format.number(count), "threshold": format.number(threshold), "fee": fee,
                ])
            return Explained(quote: quote, rowLabel: nil, columnLabel: nil, explanation: explanation)
        }
    }
}

/// The shipped World Bank figures with the secretariat's overrides applied. The override table
/// is a few rows at most, read on each quote so an override counts from the moment it is saved.
enum GDPFigures {
    static func current(_ app: Application, on db: any Database) async throws -> GDPDataset {
        let overrides = try await GDPOverride.query(on: db).all()
        guard !overrides.isEmpty else { return app.gdpDataset }
        return app.gdpDataset.overriding(with: Dictionary(overrides.map { ($0.country, $0.figure) }) { _, last in last })
    }
}
