import Foundation
import WeGOCore

/// CPU-bound work spread over the machine's cores, for the jobs that run over every city at once
/// (reciprocal scoring, slot finding in a monthly cycle).
public enum Parallel {
    /// Every core: what a command on its own machine uses.
    public static var allCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `map` over `indices` on at most `threads` threads, each result written to its own slot;
    /// small inputs stay on one thread.
    static func map<T: Sendable>(_ indices: Range<Int>, threads: Int = allCores, _ transform: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: indices.count)
        let workers = max(1, min(threads, indices.count / 64))
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
