import Foundation
import WeGOCore

/// An ordered list of steps, each reading a named data set and writing a new one, as
/// `wego index build --spec PIPELINE.json` describes it:
///
///     {"steps": [{"op": "denominate"}, {"op": "impute", "method": "groupMean", "group": "EurAsia_group"}, …]}
///
/// A step reads the previous step's output unless it names an `input`; the first reads `Raw`.
/// Each writes the data set named after its operation (`Denominated`, `Imputed`, `Screened`,
/// `Treated`, `Normalised`, `Aggregated`) unless it names an `output`.
public struct Pipeline: Sendable, Equatable {
    public enum ImputeMethod: String, Sendable, CaseIterable { case mean, median, groupMean, groupMedian }

    public enum Normalisation: Sendable, Equatable {
        case minMax(low: Double, high: Double)
        case zScore(mean: Double, sd: Double)
        case rank
        case percentRank
        case distToMax
        case distToTarget(cap: Bool)
        case goalposts(scale: Double)
    }

    public enum Aggregation: Sendable, Equatable {
        case arithmeticMean, geometricMean, harmonicMean
        case generalisedMean(p: Double)
    }

    public enum Operation: Sendable, Equatable {
        case denominate
        case impute(ImputeMethod, group: String?)
        case screen(minDataAvailability: Double)
        case treat(winmax: Int, skewThreshold: Double, kurtosisThreshold: Double)
        case normalise(Normalisation)
        case aggregate(Aggregation)

        var defaultOutput: String {
            switch self {
            case .denominate: "Denominated"
            case .impute: "Imputed"
            case .screen: "Screened"
            case .treat: "Treated"
            case .normalise: "Normalised"
            case .aggregate: "Aggregated"
            }
        }
    }

    public struct Step: Sendable, Equatable {
        public var operation: Operation
        public var input: String
        public var output: String
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// Reads the JSON form; every problem names the step (from 1) and the key.
    public init(json: Data) throws(IndexError) {
        let object: JSONValue
        do { object = try JSONDecoder().decode(JSONValue.self, from: json) } catch {
            throw .invalidPipeline("not valid JSON")
        }
        guard case .object(let root) = object, case .array(let rawSteps)? = root["steps"], !rawSteps.isEmpty else {
            throw .invalidPipeline("expected an object with a non-empty \"steps\" array")
        }
        var steps: [Step] = []
        var previous = "Raw"
        for (index, raw) in rawSteps.enumerated() {
            guard case .object(let step) = raw else { throw .step(index, "a step must be a JSON object") }
            let operation = try Self.operation(step, index: index)
            func name(_ key: String) throws(IndexError) -> String? {
                guard let value = step[key] else { return nil }
                guard case .string(let text) = value, !text.isEmpty else { throw .step(index, "\"\(key)\" must be a data set name") }
                return text
            }
            let input = try name("input") ?? previous
            let output = try name("output") ?? operation.defaultOutput
            guard input == "Raw" || steps.contains(where: { $0.output == input }) else {
                throw .step(index, "its input \"\(input)\" is not written by an earlier step")
            }
            steps.append(Step(operation: operation, input: input, output: output))
            previous = output
        }
        self.steps = steps
    }

    static func operation(_ step: [String: JSONValue], index: Int) throws(IndexError) -> Operation {
        func number(_ key: String, default value: Double? = nil) throws(IndexError) -> Double {
            guard let raw = step[key] else {
                guard let value else { throw .step(index, "\"\(key)\" is required") }
                return value
            }
            guard case .number(let number) = raw, number.isFinite else { throw .step(index, "\"\(key)\" must be a number") }
            return number
        }
        func string(_ key: String) throws(IndexError) -> String? {
            guard let raw = step[key] else { return nil }
            guard case .string(let text) = raw else { throw .step(index, "\"\(key)\" must be a string") }
            return text
        }
        guard let op = try string("op") else { throw .step(index, "\"op\" is required") }
        switch op {
        case "denominate":
            return .denominate
        case "impute":
            let methodName = try string("method") ?? "mean"
            guard let method = ImputeMethod(rawValue: methodName) else {
                throw .step(
                    index,
                    "impute method must be one of \(ImputeMethod.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(methodName)\"")
            }
            let group = try string("group")
            if (method == .groupMean || method == .groupMedian) && group == nil { throw .step(index, "\(methodName) needs a \"group\"") }
            return .impute(method, group: group)
        case "screen":
            let share = try number("minDataAvailability", default: 0.66)
            guard (0 ... 1).contains(share) else { throw .step(index, "\"minDataAvailability\" must be between 0 and 1") }
            return .screen(minDataAvailability: share)
        case "treat":
            let winmax = try number("winmax", default: 5)
            guard winmax >= 0, winmax == winmax.rounded() else { throw .step(index, "\"winmax\" must be a whole number from 0") }
            return .treat(
                winmax: Int(winmax), skewThreshold: try number("skewThreshold", default: 2),
                kurtosisThreshold: try number("kurtosisThreshold", default: 3.5))
        case "normalise", "normalize":
            let method = try string("method") ?? "minMax"
            switch method {
            case "minMax":
                var low = 0.0, high = 100.0
                if let range = step["range"] {
                    guard case .array(let pair) = range, pair.count == 2, case .number(let first) = pair[0],
                        case .number(let second) = pair[1],
                        first < second
                    else {
                        throw .step(index, "\"range\" must be [low, high] with low < high")
                    }
                    (low, high) = (first, second)
                }
                return .normalise(.minMax(low: low, high: high))
            case "zScore":
                let sd = try number("sd", default: 1)
                guard sd > 0 else { throw .step(index, "\"sd\" must be positive") }
                return .normalise(.zScore(mean: try number("mean", default: 0), sd: sd))
            case "rank": return .normalise(.rank)
            case "percentRank": return .normalise(.percentRank)
            case "distToMax": return .normalise(.distToMax)
            case "distToTarget":
                // COINr's default (no dist2targ_cap_max column): scores above the target exceed 1.
                var cap = false
                if let raw = step["cap"] {
                    guard case .bool(let value) = raw else { throw .step(index, "\"cap\" must be true or false") }
                    cap = value
                }
                return .normalise(.distToTarget(cap: cap))
            case "goalposts": return .normalise(.goalposts(scale: try number("scale", default: 100)))
            default:
                throw .step(
                    index,
                    "normalise method must be minMax, zScore, rank, percentRank, distToMax, distToTarget or goalposts, not \"\(method)\"")
            }
        case "aggregate":
            let method = try string("method") ?? "arithmeticMean"
            switch method {
            case "arithmeticMean": return .aggregate(.arithmeticMean)
            case "geometricMean": return .aggregate(.geometricMean)
            case "harmonicMean": return .aggregate(.harmonicMean)
            case "generalisedMean", "generalizedMean":
                let p = try number("p")
                guard p != 0 else { throw .step(index, "\"p\" of a generalised mean cannot be 0 (use geometricMean)") }
                return .aggregate(.generalisedMean(p: p))
            default:
                throw .step(
                    index, "aggregate method must be arithmeticMean, geometricMean, harmonicMean or generalisedMean, not \"\(method)\"")
            }
        default:
            throw .step(index, "unknown op \"\(op)\": use denominate, impute, screen, treat, normalise or aggregate")
        }
    }
}

/// JSON as read, keeping booleans apart from numbers (JSONSerialization on Linux does not).
enum JSONValue: Decodable, Sendable, Equatable {
    case bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
