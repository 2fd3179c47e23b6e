import Foundation
import Testing
import WeGOCore

@testable import WeGOMatching

@Suite struct MaximumWeightMatchingTests {
    typealias Edge = MaximumWeightMatching.Edge

    /// Edges written as (u, v, weight) triples.
    static func graph(_ triples: [(Int, Int, Double)]) -> [Edge] { triples.map { Edge($0.0, $0.1, weight: $0.2) } }

    /// The heaviest weight of each pair the matching may use (self-loops and non-positive weights dropped).
    static func usableWeights(_ vertexCount: Int, _ edges: [Edge]) -> [[Double]] {
        var weights = Array(repeating: Array(repeating: 0.0, count: vertexCount), count: vertexCount)
        for edge in edges where edge.u != edge.v && edge.weight > 0 {
            weights[edge.u][edge.v] = max(weights[edge.u][edge.v], edge.weight)
            weights[edge.v][edge.u] = weights[edge.u][edge.v]
        }
        return weights
    }

    /// The optimum by trying every matching: the lowest free vertex stays single or takes any free neighbour.
    static func bruteForce(_ vertexCount: Int, _ edges: [Edge]) -> Double {
        let weights = usableWeights(vertexCount, edges)
        var memo: [Int: Double] = [:]
        func best(_ used: Int) -> Double {
            guard let vertex = (0 ..< vertexCount).first(where: { used & (1 << $0) == 0 }) else { return 0 }
            if let known = memo[used] { return known }
            var result = best(used | 1 << vertex)
            for other in (vertex + 1) ..< max(vertex + 1, vertexCount) where used & (1 << other) == 0 && weights[vertex][other] > 0 {
                result = max(result, weights[vertex][other] + best(used | 1 << vertex | 1 << other))
            }
            memo[used] = result
            return result
        }
        return best(0)
    }

    /// The total weight of the mates, after checking that they form a matching over usable edges.
    static func checkedWeight(_ mates: [Int?], _ edges: [Edge], sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        let weights = usableWeights(mates.count, edges)
        var total = 0.0
        for (vertex, mate) in mates.enumerated() {
            guard let mate else { continue }
            #expect(mates[mate] == vertex, "mates are not symmetric at \(vertex)", sourceLocation: sourceLocation)
            #expect(weights[vertex][mate] > 0, "\(vertex)–\(mate) is not a usable edge", sourceLocation: sourceLocation)
            if vertex < mate { total += weights[vertex][mate] }
        }
        return total
    }

    /// Checks the optimality certificate the algorithm leaves behind: duals feasible (no negative
    /// slack, no negative dual), matched edges tight, free vertices and non-full blossoms at dual
    /// zero. Together these prove the matching maximum, for graphs too big to search.
    static func certificateProblems(_ solver: MaximumWeightMatching.Solver) -> [String] {
        let graph = solver.graph, n = graph.vertexCount
        var problems: [String] = []
        func ancestors(_ vertex: Int) -> [Int] {
            var chain: [Int] = [], node = solver.parent[vertex]
            while node >= 0 { chain.append(node); node = solver.parent[node] }
            return chain
        }
        for vertex in 0 ..< n {
            if solver.dual[vertex] < 0 { problems.append("vertex \(vertex) has a negative dual") }
            if solver.mateEdge[vertex] < 0 && solver.dual[vertex] != 0 {
                problems.append("free vertex \(vertex) has dual \(solver.dual[vertex])")
            }
        }
        for edge in graph.first.indices {
            let common = Set(ancestors(graph.first[edge])).intersection(ancestors(graph.second[edge]))
            let slack = solver.slack(edge) + common.reduce(0) { $0 + solver.dual[$1] }
            if slack < 0 { problems.append("edge \(edge) has slack \(slack)") }
            if solver.mateEdge[graph.first[edge]] == edge && slack != 0 { problems.append("matched edge \(edge) has slack \(slack)") }
        }
        for blossom in n ..< (2 * n) where solver.base[blossom] >= 0 {
            if solver.dual[blossom] < 0 { problems.append("blossom \(blossom) has a negative dual") }
            let inside = Set(solver.leaves(of: blossom))
            let matchedInside = inside.filter { solver.mateEdge[$0] >= 0 && inside.contains(graph.other(solver.mateEdge[$0], $0)) }.count
            if solver.dual[blossom] > 0 && matchedInside != inside.count - 1 {
                problems.append("blossom \(blossom) with a positive dual is not full")
            }
        }
        return problems
    }

    // MARK: Hand-written cases

    @Test func aTriangleTakesItsHeaviestEdge() {
        let edges = Self.graph([(0, 1, 1), (1, 2, 2), (0, 2, 3)])
        #expect(MaximumWeightMatching.solve(vertexCount: 3, edges: edges) == [2, nil, 0])
        #expect(MaximumWeightMatching.matching(vertexCount: 3, edges: edges) == [Edge(0, 2, weight: 3)])
    }

    @Test func theGreedyChoiceIsWrong() {
        // Best edge first would take 1–2 (3) and stop; the two outer edges weigh 4.
        let edges = Self.graph([(0, 1, 2), (1, 2, 3), (2, 3, 2)])
        #expect(MaximumWeightMatching.solve(vertexCount: 4, edges: edges) == [1, 0, 3, 2])
    }

    @Test func weightBeatsCardinality() {
        // Two edges of 1 lose to one edge of 3: this is not a maximum-cardinality matching.
        let edges = Self.graph([(0, 1, 1), (1, 2, 3), (2, 3, 1)])
        #expect(MaximumWeightMatching.solve(vertexCount: 4, edges: edges) == [nil, 2, 1, nil])
    }

    @Test func aPentagonWithAPendant() {
        // The odd cycle 0–1–2–3–4 must become a blossom; the pendant 5 pulls vertex 0 out of it.
        let edges = Self.graph([(0, 1, 5), (1, 2, 5), (2, 3, 5), (3, 4, 5), (4, 0, 5), (0, 5, 3)])
        #expect(MaximumWeightMatching.solve(vertexCount: 6, edges: edges) == [5, 2, 1, 4, 3, 0])
    }

    @Test func loopsNonPositiveWeightsAndDuplicatesAreHandled() {
        // The self-loop, the zero and negative edges and the weight below the resolution are ignored;
        // of the duplicate 0–1 edges, the heaviest counts.
        let edges = Self.graph([(0, 0, 100), (0, 1, 1), (1, 0, 4), (0, 1, 2), (2, 3, 0), (3, 2, -5), (1, 2, 3), (2, 3, 4e-10)])
        #expect(MaximumWeightMatching.solve(vertexCount: 4, edges: edges) == [1, 0, nil, nil])
        #expect(MaximumWeightMatching.matching(vertexCount: 4, edges: edges) == [Edge(0, 1, weight: 4)])
        #expect(MaximumWeightMatching.solve(vertexCount: 0, edges: []) == [])
        #expect(MaximumWeightMatching.solve(vertexCount: 3, edges: []) == [nil, nil, nil])
    }

    @Test func theResultDoesNotDependOnTheEdgeOrder() {
        // Every perfect matching of the 6-cycle with equal weights is optimal; the same one must come back.
        let edges = Self.graph([(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (5, 0, 1), (0, 3, 1)])
        let expected = MaximumWeightMatching.solve(vertexCount: 6, edges: edges)
        var random = SeededGenerator(seed: 7)
        for _ in 0 ..< 20 {
            let shuffled = edges.shuffled(using: &random).map { Bool.random(using: &random) ? Edge($0.v, $0.u, weight: $0.weight) : $0 }
            #expect(MaximumWeightMatching.solve(vertexCount: 6, edges: shuffled) == expected)
        }
    }

    /// Graphs built to make blossoms form inside blossoms, and inner blossoms expand mid-stage.
    static let blossomShapes: [(Int, [Edge])] = [
        (5, graph([(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)])),
        (7, graph([(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)])),
        (7, graph([(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)])),
        (7, graph([(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)])),
        (9, graph([(1, 2, 10), (1, 7, 10), (2, 3, 12), (3, 4, 20), (3, 5, 20), (4, 5, 25), (5, 6, 10), (6, 7, 10), (7, 8, 8)])),
        (9, graph([(1, 2, 8), (1, 3, 8), (2, 3, 10), (2, 4, 12), (3, 5, 12), (4, 5, 14), (4, 6, 12), (5, 7, 12), (6, 7, 14), (7, 8, 12)])),
        (
            11,
            graph([(1, 2, 23), (1, 5, 22), (1, 6, 15), (2, 3, 25), (3, 4, 22), (4, 5, 25), (4, 8, 14), (5, 7, 13), (6, 9, 3), (8, 10, 2)])
        ),
        (11, graph([(1, 2, 19), (1, 3, 20), (1, 8, 8), (2, 3, 25), (2, 4, 18), (3, 5, 18), (4, 5, 13), (4, 7, 7), (5, 6, 7), (9, 10, 5)])),
        (
            11,
            graph([(1, 2, 45), (1, 5, 45), (2, 3, 50), (3, 4, 45), (4, 5, 50), (1, 6, 30), (3, 9, 35), (4, 8, 35), (5, 7, 26), (9, 10, 5)])
        ),
        (
            11,
            graph([
                (1, 2, 40), (1, 3, 40), (2, 3, 60), (2, 4, 55), (3, 5, 55), (4, 5, 50), (1, 8, 15), (5, 7, 30), (7, 6, 10), (8, 10, 10),
                (4, 9, 30),
            ])
        ),
    ]

    @Test(arguments: blossomShapes.indices) func blossomShapesReachTheOptimum(_ index: Int) {
        let (vertexCount, edges) = Self.blossomShapes[index]
        let mates = MaximumWeightMatching.solve(vertexCount: vertexCount, edges: edges)
        #expect(Self.checkedWeight(mates, edges) == Self.bruteForce(vertexCount, edges))
    }

    // MARK: Against brute force

    /// A seeded small graph of 1–10 vertices: either random edges at a random density, with weights
    /// of one kind (many ties, wide integers, quarters, some zero or negative), or (a third of the
    /// time) heavy odd cycles (triangles, pentagons) on 7 or 9 vertices joined by lighter random
    /// edges, which makes blossoms form, nest, leave the forest and come back inner, to be expanded.
    /// Sometimes with duplicate edges and a self-loop.
    static func randomGraph(_ random: inout SeededGenerator) -> (Int, [Edge]) {
        let kind = random.next() % 6
        let vertexCount = kind >= 4 ? 7 + 2 * Int(random.next() % 2) : 1 + Int(random.next() % 10)
        func weight() -> Double {
            switch kind {
            case 0: Double(1 + random.next() % 3)
            case 1: Double(1 + random.next() % 100)
            case 2: Double(1 + random.next() % 40) / 4
            case 3: Double(Int(random.next() % 12) - 2)
            default: Double(1 + random.next() % 30)
            }
        }
        var edges: [Edge] = []
        var density = 0.15 + 0.85 * random.unit()
        if kind >= 4 {
            var free = Array(0 ..< vertexCount).shuffled(using: &random)
            while free.count >= 3 {
                let length = free.count >= 5 && random.next() % 2 == 0 ? 5 : 3
                let cycle = Array(free.prefix(length))
                free.removeFirst(length)
                for index in cycle.indices {
                    edges.append(Edge(cycle[index], cycle[(index + 1) % length], weight: Double(20 + random.next() % 10)))
                }
            }
            density = 0.1 + 0.5 * random.unit()
        }
        for u in 0 ..< vertexCount {
            for v in (u + 1) ..< max(u + 1, vertexCount) where random.unit() < density { edges.append(Edge(u, v, weight: weight())) }
        }
        if vertexCount > 1, random.next() % 4 == 0 {
            for edge in edges.prefix(3) { edges.append(Edge(edge.v, edge.u, weight: weight())) }
            edges.append(Edge(0, 0, weight: 50))
        }
        return (vertexCount, edges)
    }

    @Test func aThousandRandomGraphsMatchTheBruteForceOptimum() {
        var random = SeededGenerator(seed: 2027)
        var shrunk = 0, nested = 0, expanded = 0, lighterThanMaximumCardinality = 0
        for trial in 0 ..< 1000 {
            let (vertexCount, edges) = Self.randomGraph(&random)
            let solver = MaximumWeightMatching.solved(vertexCount: vertexCount, edges: edges)
            shrunk += solver.shrunkBlossoms
            nested += solver.nestedBlossoms
            expanded += solver.expandedInnerBlossoms
            let mates = MaximumWeightMatching.solve(vertexCount: vertexCount, edges: edges)
            let optimum = Self.bruteForce(vertexCount, edges)
            #expect(Self.checkedWeight(mates, edges) == optimum, "trial \(trial): \(vertexCount) vertices, \(edges)")
            #expect(Self.certificateProblems(solver).isEmpty, "trial \(trial)")
            let cardinality = mates.compactMap { $0 }.count / 2
            let unitEdges = edges.filter { $0.weight > 0 }.map { Edge($0.u, $0.v, weight: 1) }
            if Double(cardinality) < Self.bruteForce(vertexCount, unitEdges) { lighterThanMaximumCardinality += 1 }
        }
        // The graphs must exercise what makes the algorithm hard, or the comparison proves little.
        #expect(shrunk > 100 && nested > 10 && expanded > 10, "blossoms \(shrunk), nested \(nested), inner expanded \(expanded)")
        #expect(lighterThanMaximumCardinality > 20, "\(lighterThanMaximumCardinality)")
    }

    @Test func largerRandomGraphsCarryAnOptimalityCertificate() {
        var random = SeededGenerator(seed: 11)
        var shrunk = 0
        for trial in 0 ..< 12 {
            let vertexCount = 50 + Int(random.next() % 250)
            let edgeCount = vertexCount * (1 + Int(random.next() % 10))
            var edges = MaximumWeightMatching.randomGraph(vertexCount: vertexCount, edgeCount: edgeCount, seed: UInt64(trial))
            // Coarse weights in half the graphs: ties everywhere.
            if trial % 2 == 0 { edges = edges.map { Edge($0.u, $0.v, weight: ($0.weight * 4).rounded(.up)) } }
            let solver = MaximumWeightMatching.solved(vertexCount: vertexCount, edges: edges)
            #expect(Self.certificateProblems(solver).isEmpty, "trial \(trial)")
            shrunk += solver.shrunkBlossoms
        }
        #expect(shrunk > 0)
    }
}
