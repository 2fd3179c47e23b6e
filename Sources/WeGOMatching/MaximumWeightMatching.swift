import Foundation
import WeGOCore

/// Maximum-weight matching in a general undirected graph: the set of edges, no two sharing a
/// vertex, whose total weight is largest (not the largest number of edges). Odd cycles are why
/// bipartite methods do not apply: City-to-City pairs any city with any other.
///
/// Edmonds' blossom algorithm in its primal-dual form, O(n³), as described by Galil (1986),
/// "Efficient algorithms for finding maximum matching in graphs", ACM Computing Surveys 18(1):
/// alternating trees grow from every free vertex over tight edges (zero slack), odd cycles shrink
/// into blossoms, two trees that meet augment the matching, and when no tight edge is left the
/// dual variables change, until the free vertices' duals reach zero, which proves the matching
/// optimal. `Solver` describes the one departure from the paper.
///
/// Arithmetic is exact: weights are rounded to whole multiples of `resolution` and the algorithm
/// runs on 64-bit integers, so a dual variable or a slack is never "almost zero". Weights that
/// differ by less than the resolution count as equal.
public enum MaximumWeightMatching {
    public struct Edge: Sendable, Hashable {
        public var u: Int
        public var v: Int
        public var weight: Double

        public init(_ u: Int, _ v: Int, weight: Double) { self.u = u; self.v = v; self.weight = weight }
    }

    /// Weights are rounded to whole multiples of this.
    public static let resolution = 1e-9
    /// The largest weight accepted: with the resolution, it keeps every dual sum far below 2⁶³.
    public static let maximumWeight = 1e6

    /// The mate of each vertex in a maximum-weight matching, nil for a vertex left unmatched.
    ///
    /// Self-loops and edges whose weight rounds to zero or less are ignored: they can never be
    /// part of a matching, or never make one heavier. Of several edges between the same two
    /// vertices only the heaviest counts. A vertex out of range, a weight that is not finite or a
    /// weight above `maximumWeight` is a programming error. The result depends on the edge set
    /// only, not on the order the edges come in: among equally heavy matchings the same one is
    /// always returned.
    public static func solve(vertexCount: Int, edges: [Edge]) -> [Int?] {
        let solver = solved(vertexCount: vertexCount, edges: edges)
        return solver.mateEdge.enumerated().map { vertex, edge in edge < 0 ? nil : solver.graph.other(edge, vertex) }
    }

    /// The edges of a maximum-weight matching (as `solve` finds it), each with its smaller vertex
    /// first, in order of that vertex.
    public static func matching(vertexCount: Int, edges: [Edge]) -> [Edge] {
        let solver = solved(vertexCount: vertexCount, edges: edges), graph = solver.graph
        return solver.mateEdge.enumerated().compactMap { vertex, edge in
            guard edge >= 0, graph.first[edge] == vertex else { return nil }
            return Edge(graph.first[edge], graph.second[edge], weight: graph.givenWeight[edge])
        }
    }

    static func solved(vertexCount: Int, edges: [Edge]) -> Solver {
        var solver = Solver(Graph(vertexCount: vertexCount, edges: edges))
        solver.run()
        return solver
    }

    /// A seeded random graph for benchmarks: `edgeCount` distinct edges between random vertices,
    /// weights uniform in (0, 1].
    public static func randomGraph(vertexCount: Int, edgeCount: Int, seed: UInt64) -> [Edge] {
        precondition(vertexCount >= 2 && edgeCount <= vertexCount * (vertexCount - 1) / 2, "too many edges for the vertices")
        var random = SeededGenerator(seed: seed)
        var seen = Set<Int>()
        var edges: [Edge] = []
        edges.reserveCapacity(edgeCount)
        while edges.count < edgeCount {
            let a = Int(random.next() % UInt64(vertexCount)), b = Int(random.next() % UInt64(vertexCount))
            guard a != b, seen.insert(min(a, b) * vertexCount + max(a, b)).inserted else { continue }
            edges.append(Edge(a, b, weight: 1 - random.unit()))
        }
        return edges
    }

    /// The edges as the solver uses them: deduplicated, sorted by their vertices (which makes the
    /// result independent of the input order), with integer weights and adjacency lists.
    struct Graph {
        let vertexCount: Int
        /// The two ends of each edge, the smaller first.
        var first: [Int] = []
        var second: [Int] = []
        /// Twice the weight in units of `resolution`: even weights keep every dual change a whole number.
        var weight: [Int64] = []
        var givenWeight: [Double] = []
        /// The edges at vertex v are `incident[incidentStart[v] ..< incidentStart[v + 1]]`.
        var incidentStart: [Int]
        var incident: [Int] = []
        /// The other end of each entry of `incident`, to save a look-up in the innermost loop.
        var neighbour: [Int] = []

        init(vertexCount: Int, edges: [Edge]) {
            precondition(vertexCount >= 0, "a graph cannot have a negative number of vertices")
            self.vertexCount = vertexCount
            var kept: [(first: Int, second: Int, units: Int64, weight: Double)] = []
            kept.reserveCapacity(edges.count)
            for edge in edges {
                precondition(
                    (0 ..< vertexCount).contains(edge.u) && (0 ..< vertexCount).contains(edge.v),
                    "edge \(edge.u)–\(edge.v) names a vertex out of range")
                precondition(
                    edge.weight.isFinite && edge.weight <= MaximumWeightMatching.maximumWeight,
                    "edge weight \(edge.weight) is not a finite number up to \(MaximumWeightMatching.maximumWeight)")
                let units = Int64((edge.weight / MaximumWeightMatching.resolution).rounded())
                guard edge.u != edge.v, units > 0 else { continue }
                kept.append((min(edge.u, edge.v), max(edge.u, edge.v), units, edge.weight))
            }
            // Heaviest first within each vertex pair, so the first of a run is the one to keep.
            kept.sort { ($0.first, $0.second, $1.units, $1.weight) < ($1.first, $1.second, $0.units, $0.weight) }
            var degree = [Int](repeating: 0, count: vertexCount)
            for (index, edge) in kept.enumerated() {
                if index > 0, kept[index - 1].first == edge.first, kept[index - 1].second == edge.second { continue }
                first.append(edge.first)
                second.append(edge.second)
                weight.append(2 * edge.units)
                givenWeight.append(edge.weight)
                degree[edge.first] += 1
                degree[edge.second] += 1
            }
            incidentStart = [Int](repeating: 0, count: vertexCount + 1)
            for vertex in 0 ..< vertexCount { incidentStart[vertex + 1] = incidentStart[vertex] + degree[vertex] }
            var next = incidentStart
            incident = [Int](repeating: 0, count: incidentStart[vertexCount])
            neighbour = incident
            for edge in first.indices {
                let u = first[edge], v = second[edge]
                incident[next[u]] = edge
                neighbour[next[u]] = v
                next[u] += 1
                incident[next[v]] = edge
                neighbour[next[v]] = u
                next[v] += 1
            }
        }

        /// The end of `edge` that is not `vertex`.
        @inline(__always) func other(_ edge: Int, _ vertex: Int) -> Int {
            first[edge] == vertex ? second[edge] : first[edge]
        }
    }

    /// One run of the algorithm. Nodes 0..<n are the vertices, n..<2n the blossoms: a blossom is
    /// an odd cycle of nodes (its children) shrunk into one, and at most n/2 exist at once.
    /// "Top" is the outermost blossom holding a vertex (the vertex itself when it is in none).
    ///
    /// Duals, in the units of `Graph.weight`: y(v) for vertices, z(B) for blossoms. The slack of
    /// an edge between two different top nodes is y(u) + y(v) − w(uv); it is never negative,
    /// and the edges inside a blossom and those of the matching have slack zero.
    ///
    /// Galil's stages each rebuild the whole forest after an augmentation. Here the forest lives
    /// on: an augmentation releases only the two trees it went through, and the search goes on
    /// with the others (Kolmogorov's Blossom V, 2009, keeps its trees too). The stages' worst case is unchanged, but a
    /// sparse graph no longer pays a scan of every free vertex's edges per augmentation, which
    /// made 2,000 vertices and 50,000 edges take seconds. The price is that a least-slack edge may
    /// point at a vertex that has left the forest; such edges are checked, and recomputed, before
    /// the duals change.
    struct Solver {
        enum Label: UInt8 { case none, outer, inner }

        /// An edge between consecutive children of a blossom: `from` lies in child i, `to` in child i + 1 (cyclically).
        struct Link { var edge: Int; var from: Int; var to: Int }

        let graph: Graph
        let n: Int
        /// The matched edge at each vertex, or −1.
        var mateEdge: [Int]
        var top: [Int]
        /// The blossom a node is a child of, or −1 for a top node.
        var parent: [Int]
        /// Children of a blossom, its base's child first, and the links around the cycle.
        var children: [[Int]]
        var links: [[Link]]
        /// The base vertex of a node (for a vertex, itself); −1 for an unused blossom slot.
        var base: [Int]
        var dual: [Int64]
        /// Labels of top nodes. An outer (S) node is a tree root or is reached through its base's
        /// matched edge; an inner (T) node is reached by a tight edge from an outer vertex.
        var label: [Label]
        /// The edge that gave a top node its label (−1 for a root), and that edge's end outside the node.
        var labelEdge: [Int]
        var labelFrom: [Int]
        /// The free vertex at the root of a labelled top node's tree.
        var root: [Int]
        /// For an outer top node: its least-slack edge to another outer top node. For a vertex not
        /// outer: its least-slack edge to an outer vertex. −1 when none is known.
        var bestEdge: [Int]
        /// For an outer blossom: its least-slack edge to each neighbouring outer top node, nil when unknown.
        var bestEdgesOut: [[Int]?]
        var unusedBlossoms: [Int]
        /// The blossoms in use, and where each is in that list (for removal in constant time).
        var blossomsInUse: [Int] = []
        var positionInUse: [Int]
        /// Free vertices are the roots of the forest, outer from the start and changed by every
        /// dual change, so they all share one dual, the smallest of any outer vertex.
        var freeVertices: Int
        var freeDual: Int64
        /// Outer vertices whose edges are still to be scanned.
        var queue: [Int] = []
        var marked: [Bool]
        var bestEdgeTo: [Int]
        /// What the run did, for the tests to show that their graphs reach every part of the algorithm.
        var shrunkBlossoms = 0, nestedBlossoms = 0, expandedInnerBlossoms = 0

        init(_ graph: Graph) {
            self.graph = graph
            n = graph.vertexCount
            let nodes = 2 * n
            mateEdge = Array(repeating: -1, count: n)
            top = Array(0 ..< n)
            parent = Array(repeating: -1, count: nodes)
            children = Array(repeating: [], count: nodes)
            links = Array(repeating: [], count: nodes)
            base = Array(0 ..< n) + Array(repeating: -1, count: n)
            // Every vertex starts at half the largest weight (in these doubled units, the largest
            // original weight), which makes every slack non-negative and keeps all duals whole.
            let start = (graph.weight.max() ?? 0) / 2
            dual = Array(repeating: start, count: n) + Array(repeating: 0, count: n)
            label = Array(repeating: .none, count: nodes)
            labelEdge = Array(repeating: -1, count: nodes)
            labelFrom = Array(repeating: -1, count: nodes)
            root = Array(repeating: -1, count: nodes)
            bestEdge = Array(repeating: -1, count: nodes)
            bestEdgesOut = Array(repeating: nil, count: nodes)
            unusedBlossoms = Array((n ..< nodes).reversed())
            positionInUse = Array(repeating: -1, count: nodes)
            freeVertices = n
            freeDual = start
            marked = Array(repeating: false, count: nodes)
            bestEdgeTo = Array(repeating: -1, count: nodes)
        }

        @inline(__always) func slack(_ edge: Int) -> Int64 {
            dual[graph.first[edge]] + dual[graph.second[edge]] - graph.weight[edge]
        }

        @inline(__always) func isTop(_ node: Int) -> Bool { parent[node] < 0 && base[node] >= 0 }

        /// The vertices inside a node.
        func leaves(of node: Int) -> [Int] {
            if node < n { return [node] }
            var found: [Int] = [], pending = [node]
            while let next = pending.popLast() {
                if next < n { found.append(next) } else { pending.append(contentsOf: children[next]) }
            }
            return found
        }

        mutating func run() {
            guard !graph.weight.isEmpty else { return }
            for vertex in 0 ..< n { assign(.outer, to: vertex, by: -1, from: -1) }
            enum Step { case optimal, growTree, shrinkOrAugment, expandInner }
            while true {
                while let vertex = queue.popLast() {
                    // A vertex queued before its tree was released is no longer outer.
                    if label[top[vertex]] == .outer { scan(vertex) }
                }
                guard freeVertices > 0 else { return }
                // No tight edge leads further: change the duals by the largest amount that keeps them
                // feasible, which makes a new edge tight, empties an inner blossom, or proves optimality.
                // The first bound is the free vertices' dual reaching zero: then nothing can improve
                // the matching.
                var delta = freeDual, edge = -1, blossom = -1
                var step = Step.optimal
                for vertex in 0 ..< n {
                    let node = top[vertex]
                    if label[node] == .none, bestEdge[vertex] >= 0 {
                        if label[top[graph.other(bestEdge[vertex], vertex)]] != .outer { refreshBestEdge(ofVertex: vertex) }
                        let candidate = bestEdge[vertex]
                        if candidate >= 0, slack(candidate) < delta { delta = slack(candidate); step = .growTree; edge = candidate }
                    } else if node == vertex, label[node] == .outer, let candidate = outerBestEdge(node), slack(candidate) / 2 < delta {
                        delta = slack(candidate) / 2; step = .shrinkOrAugment; edge = candidate
                    }
                }
                for node in blossomsInUse where parent[node] < 0 {
                    if label[node] == .outer, let candidate = outerBestEdge(node), slack(candidate) / 2 < delta {
                        delta = slack(candidate) / 2; step = .shrinkOrAugment; edge = candidate
                    } else if label[node] == .inner, dual[node] / 2 < delta {
                        delta = dual[node] / 2; step = .expandInner; blossom = node
                    }
                }
                for vertex in 0 ..< n {
                    switch label[top[vertex]] {
                    case .outer: dual[vertex] -= delta
                    case .inner: dual[vertex] += delta
                    case .none: break
                    }
                }
                for node in blossomsInUse where parent[node] < 0 {
                    switch label[node] {
                    case .outer: dual[node] += 2 * delta
                    case .inner: dual[node] -= 2 * delta
                    case .none: break
                    }
                }
                freeDual -= delta
                switch step {
                case .optimal:
                    return
                case .growTree:
                    let outerEnd = label[top[graph.first[edge]]] == .outer ? graph.first[edge] : graph.second[edge]
                    assign(.inner, to: graph.other(edge, outerEnd), by: edge, from: outerEnd)
                case .shrinkOrAugment:
                    follow(tightEdge: edge, from: graph.first[edge])
                case .expandInner:
                    expand(blossom, staysInTree: true)
                }
            }
        }

        /// An outer node's least-slack edge to another outer node, checked first: an edge to a
        /// vertex that has left the forest sends it looking again. Both ends of such an edge move by
        /// a dual change, so the edge becomes tight after half its slack.
        @inline(__always) mutating func outerBestEdge(_ node: Int) -> Int? {
            guard bestEdge[node] >= 0 else { return nil }
            let ends = (top[graph.first[bestEdge[node]]], top[graph.second[bestEdge[node]]])
            if ends.0 == ends.1 || label[ends.0] != .outer || label[ends.1] != .outer { refreshBestEdge(ofOuter: node) }
            return bestEdge[node] >= 0 ? bestEdge[node] : nil
        }

        /// Scans the edges of an outer vertex, following the tight ones and keeping the least slack of the others.
        mutating func scan(_ vertex: Int) {
            for index in graph.incidentStart[vertex] ..< graph.incidentStart[vertex + 1] {
                let edge = graph.incident[index], neighbour = graph.neighbour[index]
                let neighbourTop = top[neighbour], ownTop = top[vertex]
                guard neighbourTop != ownTop else { continue }
                let edgeSlack = slack(edge)
                if edgeSlack == 0 {
                    follow(tightEdge: edge, from: vertex)
                    // An augmentation through this vertex releases its tree: nothing more to scan from here.
                    if label[top[vertex]] != .outer { return }
                } else if label[neighbourTop] == .outer {
                    if bestEdge[ownTop] < 0 || edgeSlack < slack(bestEdge[ownTop]) { bestEdge[ownTop] = edge }
                } else if bestEdge[neighbour] < 0 || edgeSlack < slack(bestEdge[neighbour]) {
                    // Also kept for vertices in inner blossoms: when such a blossom is expanded,
                    // its children that fall out of the tree need it.
                    bestEdge[neighbour] = edge
                }
            }
        }

        /// Acts on a tight edge from an outer vertex: grows the tree, shrinks a new blossom, or
        /// augments. For a vertex in an inner blossom the edge only matters for that blossom's
        /// expansion, so it is recorded as that vertex's best edge.
        mutating func follow(tightEdge edge: Int, from vertex: Int) {
            let neighbour = graph.other(edge, vertex)
            switch label[top[neighbour]] {
            case .none:
                assign(.inner, to: neighbour, by: edge, from: vertex)
            case .outer:
                let base = commonBase(vertex, neighbour)
                if base >= 0 {
                    shrink(base: base, edge: edge, from: vertex)
                } else {
                    let trees = (root[top[vertex]], root[top[neighbour]])
                    augment(through: edge, from: vertex)
                    freeVertices -= 2
                    release(trees: trees)
                }
            case .inner:
                bestEdge[neighbour] = edge
            }
        }

        /// Labels the top node holding `vertex`; an inner node's base is matched, and its mate's
        /// node becomes outer in turn. A node labelled by no edge is the root of its own tree.
        mutating func assign(_ newLabel: Label, to vertex: Int, by edge: Int, from outside: Int) {
            let node = top[vertex]
            label[node] = newLabel
            labelEdge[node] = edge
            labelFrom[node] = outside
            root[node] = edge < 0 ? vertex : root[top[outside]]
            if newLabel == .outer {
                bestEdge[node] = -1
                bestEdgesOut[node] = nil
                queue.append(contentsOf: leaves(of: node))
            } else {
                let nodeBase = base[node], matched = mateEdge[nodeBase]
                assign(.outer, to: graph.other(matched, nodeBase), by: matched, from: nodeBase)
            }
        }

        /// The least-slack edge from a vertex outside the forest's outer nodes to an outer vertex,
        /// found again because the one it had left the forest.
        mutating func refreshBestEdge(ofVertex vertex: Int) {
            var best = -1, bestSlack = Int64.max
            for index in graph.incidentStart[vertex] ..< graph.incidentStart[vertex + 1] where label[top[graph.neighbour[index]]] == .outer
            {
                let edge = graph.incident[index], edgeSlack = slack(edge)
                if edgeSlack < bestSlack { best = edge; bestSlack = edgeSlack }
            }
            bestEdge[vertex] = best
        }

        /// The least-slack edge from an outer node to another, found again for the same reason.
        mutating func refreshBestEdge(ofOuter node: Int) {
            var best = -1, bestSlack = Int64.max
            for vertex in leaves(of: node) {
                for index in graph.incidentStart[vertex] ..< graph.incidentStart[vertex + 1] {
                    let far = top[graph.neighbour[index]]
                    guard far != node, label[far] == .outer else { continue }
                    let edge = graph.incident[index], edgeSlack = slack(edge)
                    if edgeSlack < bestSlack { best = edge; bestSlack = edgeSlack }
                }
            }
            bestEdge[node] = best
            bestEdgesOut[node] = nil
        }

        /// The next outer vertex up the tree from an outer node, or −1 at a root.
        @inline(__always) func outerAbove(_ node: Int) -> Int {
            labelEdge[node] < 0 ? -1 : labelFrom[top[labelFrom[node]]]
        }

        /// Walks up from two outer vertices, alternately, to where their paths to the roots meet:
        /// the base vertex of a new blossom; −1 when they reach two different roots.
        mutating func commonBase(_ a: Int, _ b: Int) -> Int {
            var visited: [Int] = []
            var here = a, there = b, found = -1
            while here >= 0 {
                let node = top[here]
                if marked[node] { found = base[node]; break }
                marked[node] = true
                visited.append(node)
                here = outerAbove(node)
                if there >= 0 { swap(&here, &there) }
            }
            for node in visited { marked[node] = false }
            return found
        }

        /// Shrinks the odd cycle closed by `edge` into a new outer blossom with the given base.
        mutating func shrink(base newBase: Int, edge: Int, from vertex: Int) {
            let baseNode = top[newBase]
            let blossom = unusedBlossoms.removeLast()
            positionInUse[blossom] = blossomsInUse.count
            blossomsInUse.append(blossom)
            let neighbour = graph.other(edge, vertex)
            base[blossom] = newBase
            parent[blossom] = -1
            // The two paths from the edge's ends up to the base node, each node reached through its label edge.
            func path(from vertex: Int) -> [Int] {
                var nodes: [Int] = []
                var node = top[vertex]
                while node != baseNode {
                    nodes.append(node)
                    node = top[labelFrom[node]]
                }
                return nodes
            }
            let up = path(from: vertex), down = path(from: neighbour)
            var cycle = [baseNode], cycleLinks: [Link] = []
            for node in up.reversed() {
                cycleLinks.append(Link(edge: labelEdge[node], from: labelFrom[node], to: graph.other(labelEdge[node], labelFrom[node])))
                cycle.append(node)
            }
            cycleLinks.append(Link(edge: edge, from: vertex, to: neighbour))
            for node in down {
                cycle.append(node)
                cycleLinks.append(Link(edge: labelEdge[node], from: graph.other(labelEdge[node], labelFrom[node]), to: labelFrom[node]))
            }
            for node in cycle { parent[node] = blossom }
            shrunkBlossoms += 1
            if cycle.contains(where: { $0 >= n }) { nestedBlossoms += 1 }
            children[blossom] = cycle
            links[blossom] = cycleLinks
            label[blossom] = .outer
            labelEdge[blossom] = labelEdge[baseNode]
            labelFrom[blossom] = labelFrom[baseNode]
            root[blossom] = root[baseNode]
            dual[blossom] = 0
            for leaf in leaves(of: blossom) {
                // Inner vertices become outer inside the blossom and must now be scanned.
                if label[top[leaf]] == .inner { queue.append(leaf) }
                top[leaf] = blossom
            }
            // The least-slack edge to each neighbouring outer node, from the children's own lists when
            // they have them (keeps the work per blossom proportional to its neighbours, Galil §4).
            var neighbours: [Int] = []
            for child in cycle {
                let candidates: [Int]
                if let known = bestEdgesOut[child] {
                    candidates = known
                } else {
                    candidates = leaves(of: child).flatMap { graph.incident[graph.incidentStart[$0] ..< graph.incidentStart[$0 + 1]] }
                }
                for candidate in candidates {
                    let far = top[graph.first[candidate]] == blossom ? top[graph.second[candidate]] : top[graph.first[candidate]]
                    guard far != blossom, label[far] == .outer else { continue }
                    if bestEdgeTo[far] < 0 {
                        neighbours.append(far)
                        bestEdgeTo[far] = candidate
                    } else if slack(candidate) < slack(bestEdgeTo[far]) {
                        bestEdgeTo[far] = candidate
                    }
                }
                bestEdgesOut[child] = nil
                bestEdge[child] = -1
            }
            var outgoing: [Int] = [], best = -1
            for far in neighbours {
                let candidate = bestEdgeTo[far]
                outgoing.append(candidate)
                if best < 0 || slack(candidate) < slack(best) { best = candidate }
                bestEdgeTo[far] = -1
            }
            bestEdgesOut[blossom] = outgoing
            bestEdge[blossom] = best
        }

        /// Moves around a blossom's cycle: the next child index and the link crossed, oriented as
        /// (end in the current child, end in the next).
        @inline(__always) func step(_ blossom: Int, from index: Int, forward: Bool) -> (index: Int, edge: Int, here: Int, there: Int) {
            let count = children[blossom].count
            if forward {
                let link = links[blossom][index]
                return ((index + 1) % count, link.edge, link.from, link.to)
            }
            let previous = (index + count - 1) % count
            let link = links[blossom][previous]
            return (previous, link.edge, link.to, link.from)
        }

        /// Dissolves a blossom into its children. An inner blossom whose dual reached zero keeps the
        /// children on the even path from its entry to its base in the tree, alternately inner and
        /// outer; the others leave it. A blossom leaving the forest with a zero dual is no longer
        /// needed, nor are its children whose dual is zero.
        mutating func expand(_ blossom: Int, staysInTree: Bool) {
            for child in children[blossom] {
                parent[child] = -1
                if child < n {
                    top[child] = child
                } else if !staysInTree && dual[child] == 0 {
                    expand(child, staysInTree: false)
                } else {
                    for leaf in leaves(of: child) { top[leaf] = child }
                }
            }
            if staysInTree {
                expandedInnerBlossoms += 1
                for child in children[blossom] { label[child] = .none }
                let entry = graph.other(labelEdge[blossom], labelFrom[blossom])
                var index = children[blossom].firstIndex(of: top[entry])!
                let entryNode = top[entry]
                label[entryNode] = .inner
                labelEdge[entryNode] = labelEdge[blossom]
                labelFrom[entryNode] = labelFrom[blossom]
                root[entryNode] = root[blossom]
                // The cycle is odd: one way round from the entry to the base is even.
                let forward = index % 2 == 1
                while index != 0 {
                    let matched = step(blossom, from: index, forward: forward)
                    let outerNode = children[blossom][matched.index]
                    label[outerNode] = .outer
                    labelEdge[outerNode] = matched.edge
                    labelFrom[outerNode] = matched.here
                    root[outerNode] = root[blossom]
                    bestEdge[outerNode] = -1
                    bestEdgesOut[outerNode] = nil
                    queue.append(contentsOf: leaves(of: outerNode))
                    let unmatched = step(blossom, from: matched.index, forward: forward)
                    let innerNode = children[blossom][unmatched.index]
                    label[innerNode] = .inner
                    labelEdge[innerNode] = unmatched.edge
                    labelFrom[innerNode] = unmatched.here
                    root[innerNode] = root[blossom]
                    index = unmatched.index
                }
                // The children off that path are unlabelled now; their vertices' best edges let the
                // next dual change pull them back in (at once, by a zero change, if an edge is tight).
            }
            children[blossom] = []
            links[blossom] = []
            base[blossom] = -1
            label[blossom] = .none
            labelEdge[blossom] = -1
            labelFrom[blossom] = -1
            root[blossom] = -1
            bestEdge[blossom] = -1
            bestEdgesOut[blossom] = nil
            dual[blossom] = 0
            unusedBlossoms.append(blossom)
            let last = blossomsInUse.removeLast()
            if last != blossom {
                blossomsInUse[positionInUse[blossom]] = last
                positionInUse[last] = positionInUse[blossom]
            }
            positionInUse[blossom] = -1
        }

        /// Rematches inside a blossom so that `vertex` becomes its base: the even path from the
        /// vertex's child to the old base flips, and the cycle is rotated to start at that child.
        mutating func rotate(_ blossom: Int, toBase vertex: Int) {
            var child = vertex
            while parent[child] != blossom { child = parent[child] }
            if child >= n { rotate(child, toBase: vertex) }
            let start = children[blossom].firstIndex(of: child)!
            let forward = start % 2 == 1
            var index = start
            while index != 0 {
                let skipped = step(blossom, from: index, forward: forward)
                let flipped = step(blossom, from: skipped.index, forward: forward)
                let near = children[blossom][skipped.index], far = children[blossom][flipped.index]
                if near >= n { rotate(near, toBase: flipped.here) }
                if far >= n { rotate(far, toBase: flipped.there) }
                mateEdge[flipped.here] = flipped.edge
                mateEdge[flipped.there] = flipped.edge
                index = flipped.index
            }
            children[blossom] = Array(children[blossom][start...] + children[blossom][..<start])
            links[blossom] = Array(links[blossom][start...] + links[blossom][..<start])
            base[blossom] = vertex
        }

        /// Augments along the path from root to root through the tight edge between two outer vertices.
        mutating func augment(through edge: Int, from vertex: Int) {
            for start in [vertex, graph.other(edge, vertex)] {
                var outer = start, matched = edge
                while true {
                    let outerNode = top[outer]
                    if outerNode >= n { rotate(outerNode, toBase: outer) }
                    mateEdge[outer] = matched
                    guard labelEdge[outerNode] >= 0 else { break }
                    let innerNode = top[labelFrom[outerNode]]
                    let entry = graph.other(labelEdge[innerNode], labelFrom[innerNode])
                    if innerNode >= n { rotate(innerNode, toBase: entry) }
                    mateEdge[entry] = labelEdge[innerNode]
                    outer = labelFrom[innerNode]
                    matched = labelEdge[innerNode]
                }
            }
        }

        /// Takes the two trees an augmentation went through out of the forest: their roots are
        /// matched now. Their vertices get their least-slack edges to the remaining outer vertices,
        /// and an outer vertex with a tight edge to one of them is scanned again.
        mutating func release(trees: (Int, Int)) {
            var nodes: [Int] = []
            for node in 0 ..< (2 * n) where isTop(node) && label[node] != .none && (root[node] == trees.0 || root[node] == trees.1) {
                nodes.append(node)
            }
            let released = nodes.flatMap { leaves(of: $0) }
            for node in nodes where node >= n && label[node] == .outer && dual[node] == 0 { expand(node, staysInTree: false) }
            for vertex in released {
                let node = top[vertex]
                label[node] = .none
                root[node] = -1
                bestEdge[node] = -1
                bestEdgesOut[node] = nil
            }
            for vertex in released {
                refreshBestEdge(ofVertex: vertex)
                if bestEdge[vertex] >= 0, slack(bestEdge[vertex]) == 0 { queue.append(graph.other(bestEdge[vertex], vertex)) }
            }
        }
    }
}
