import Foundation
import WeGOCore

/// CPU-bound work spread over the machine's cores, for the jobs that run over every city at once
/// (reciprocal scoring, slot finding in a monthly cycle).
enum Parallel {
    /// `map` over `indices`, each result written to its own slot; small inputs stay on one thread.
    static func map<T: Sendable>(_ indices: Range<Int>, _ transform: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: indices.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, indices.count / 64))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for offset in stride(from: worker, to: indices.count, by: workers) {
                    output[offset] = transform(indices.lowerBound + offset)
                }
            }
        }
        return results.map { $0! }
    }
}
