import Fluent
import Foundation
import WeGOCore
import WeGOMatching

/// A month of City-to-City for benchmarks, in the database: `SyntheticCityCycle`'s cities as
/// clearly labelled synthetic members, each with one challenge (its synthetic profile) and its
/// availability, joined to an open cycle. `scripts/bench --only plan` plans it through the web
/// while measuring `/healthz`.
enum SyntheticCycleSeed {
    static let slugPrefix = "synthetic-city-"

    /// Creates the month (idempotent: an existing month is left as it is) and returns its name.
    static func insert(cities: Int, on db: any Database) async throws -> String {
        let synthetic = SyntheticCityCycle(cities: cities)
        let month = synthetic.month.description
        guard try await MatchCycle.query(on: db).filter(\.$month == month).count() == 0 else { return month }
        let regions = Region.allCases
        try await db.transaction { tx in
            let cycle = MatchCycle()
            cycle.month = month
            cycle.status = .open
            cycle.meetingMinutes = 60
            try await cycle.create(on: tx)
            for (index, (profile, participant)) in zip(synthetic.profiles, synthetic.participants).enumerated() {
                let number = String(format: "%06d", index + 1)
                let member = Member()
                member.slug = slugPrefix + number
                member.name = "Synthetic City " + number
                member.category = .localGovernment
                member.region = regions[index % regions.count]
                member.founding = false
                member.note = "synthetic benchmark data, not a WeGO member"
                member.refreshSearchText()
                try await member.create(on: tx)
                let item = MatchItem()
                item.apply(
                    MatchItemDraft(
                        kind: .challenge, title: "Synthetic challenge " + number, description: profile.text,
                        language: "en", stage: .idea, visibility: .members))
                item.$member.id = try member.requireID()
                try await item.create(on: tx)
                let participation = MatchParticipation()
                participation.$cycle.id = try cycle.requireID()
                participation.$member.id = try member.requireID()
                participation.timeZone = participant.availability.timeZone.identifier
                participation.windows = Availability.text(participant.availability.windows)
                try await participation.create(on: tx)
            }
        }
        return month
    }
}
