import Foundation
import Testing
import WeGOCore

@testable import WeGOIndex

@Suite struct IndexFrameworkTests {
    static let framework = """
        Level,iCode,iName,Direction,Weight,Parent,Type
        2,P1,Pillar one,1,1,D1,Aggregate
        2,P2,Pillar two,1,2,D1,Aggregate
        2,P3,Pillar three,1,1,D2,Aggregate
        3,D1,Dimension one,1,1,X,Aggregate
        3,D2,Dimension two,1,1,X,Aggregate
        4,X,The index,1,1,,Aggregate

        """

    static let indicators = """
        iCode,Level,iName,Direction,Weight,Unit,Parent,Type
        a,1,A,1,1,n,P1,Indicator
        b,1,B,-1,1,n,P2,Indicator
        c,1,C,1,1,n,P3,Indicator

        """

    static let data = """
        uCode,uName,a,b,c
        U1,One,1,5,3
        U2,Two,2,4,
        U3,Three,3,3,9
        U4,Four,4,2,1

        """

    @Test func readsTheTreeAndNamesThePillars() throws {
        let framework = try IndexFramework(csv: Self.framework)
        #expect(framework.aggregates.map(\.code) == ["P1", "P2", "P3", "D1", "D2", "X"])
        #expect(framework.pillars.map(\.code) == ["P1", "P2", "P3"])
        #expect(framework.aggregates.first { $0.code == "P2" }?.weight == 2)
    }

    @Test func completesIndicatorOnlyMetadataByColumnName() throws {
        let framework = try IndexFramework(csv: Self.framework)
        let meta = try framework.completing(meta: Self.indicators)
        let input = try IndexInput.read(data: Self.data, meta: meta)
        #expect(input.structure.levels == 4)
        #expect(input.structure.children(of: "D1").map(\.code) == ["P1", "P2"])
        #expect(input.structure.node("b")?.direction == -1)
        // Metadata that already has aggregates is a whole tree: the framework is not added.
        #expect(try framework.completing(meta: meta) == meta)
    }

    @Test func refusesWhatIsNotATree() {
        func problem(_ csv: String) -> String? {
            do { _ = try IndexFramework(csv: csv); return nil } catch { return error.description }
        }
        let header = "Level,iCode,iName,Direction,Weight,Parent,Type\n"
        #expect(problem(header + "1,a,A,1,1,P,Indicator\n2,P,P,1,1,,Aggregate\n")?.contains("line 2") == true)
        #expect(problem(header + "2,P,P,1,1,Q,Aggregate\n3,R,R,1,1,,Aggregate\n")?.contains("parent Q is not in the metadata") == true)
        #expect(problem(header + "2,P,P,1,-1,,Aggregate\n")?.contains("Weight must be zero or more") == true)
        #expect(problem(header + "2,P,P,1,1,P,Aggregate\n3,Q,Q,1,1,,Aggregate\n")?.contains("must be an aggregate at level 3") == true)
        #expect(problem(header + "2,P,P,1,1,,Aggregate\n2,P,P2,1,1,,Aggregate\n")?.contains("appears twice") == true)
        #expect(problem("Level,iCode\n2,P\n")?.contains("expected the columns") == true)
        #expect(problem(header)?.contains("no aggregate") == true)
    }

    @Test func ranksUnitsWithScoresAtEveryLevel() throws {
        let meta = try IndexFramework(csv: Self.framework).completing(meta: Self.indicators)
        let input = try IndexInput.read(data: Self.data, meta: meta)
        let pipeline = try Pipeline(
            json: Data(
                #"{"steps":[{"op":"normalise","method":"minMax","range":[0,100]},{"op":"aggregate","method":"arithmeticMean"}]}"#.utf8))
        let ranking = try IndexRanking(results: IndexEngine.run(input, pipeline), input: input)
        #expect(ranking.indexCode == "X")
        #expect(ranking.pillars.map(\.code) == ["P1", "P2", "P3"] && ranking.dimensions.map(\.code) == ["D1", "D2"])
        #expect(ranking.rows.map(\.rank) == ranking.rows.indices.map { $0 + 1 })
        // U2 has no value for c: its P3 score is absent, not NaN, and its index uses D1 alone.
        let two = try #require(ranking.row("U2"))
        #expect(two.scores["P3"] == nil && two.scores["D2"] == nil && two.scores["X"] != nil)
        #expect(two.name == "Two")
        let byP3 = IndexRanking.order(ranking.rows, by: .score("P3"), descending: true)
        #expect(byP3.last?.code == "U2")
        #expect(IndexRanking.order(ranking.rows, by: .score("P3"), descending: false).last?.code == "U2")
        #expect(IndexRanking.order(ranking.rows, by: .name, descending: false).map(\.name) == ["Four", "One", "Three", "Two"])
    }

    @Test func ranksTheCOINrExampleAsCOINrDoes() throws {
        let input = try COINrExample.input()
        let pipeline = try Pipeline(json: Data(try COINrExample.text("pipeline.json").utf8))
        let ranking = try IndexRanking(results: IndexEngine.run(input, pipeline), input: input)
        #expect(ranking.rows.first?.code == "CHE" && ranking.rows.first?.name == "Switzerland")
        #expect(abs((ranking.rows.first?.scores["Index"] ?? 0) - 68.38) < 0.005)
        #expect(ranking.rows.last?.code == "RUS")
        #expect(ranking.pillars.count == 8 && ranking.dimensions.map(\.code).sorted() == ["Conn", "Sust"])
    }
}
