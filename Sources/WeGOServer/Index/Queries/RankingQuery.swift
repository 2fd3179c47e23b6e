import WeGOCore
import WeGOIndex

/// What the ranking page was asked for: `sort` (rank, name or an aggregate's code), `order`
/// (asc, desc) and `region`; anything unknown is a 400 naming the parameter.
struct RankingQuery: Sendable {
    var sort: IndexRanking.SortKey = .rank
    var sortName = "rank"
    var descending = false
    var region: String?

    init(_ values: [String: String], ranking: IndexRanking, regions: Set<String>) throws {
        if let sort = values["sort"], !sort.isEmpty {
            switch sort {
            case "rank": self.sort = .rank
            case "name": self.sort = .name
            default:
                // The columns the table offers: the index, the dimensions and the pillars.
                guard sort == ranking.indexCode || (ranking.dimensions + ranking.pillars).contains(where: { $0.code == sort }) else {
                    throw EditionError.unsortable(column: sort)
                }
                self.sort = .score(sort)
            }
            sortName = sort
        }
        switch values["order"] ?? "" {
        case "": if case .score = self.sort { descending = true }  // best scores first, ranks from 1
        case "asc": descending = false
        case "desc": descending = true
        default: throw EditionError.unknownOrder
        }
        if let region = values["region"], !region.isEmpty {
            guard regions.contains(region) else { throw EditionError.unknownRegion(region) }
            self.region = region
        }
    }
}
