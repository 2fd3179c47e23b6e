import Synchronization
import Vapor

extension FormSubmission {
    /// `perform` for an action whose answer is a page of its own rather than a redirect: a
    /// receipt, or a password shown once. Validation, the 422 form and the service's field
    /// problems work exactly as in `perform`, which this runs.
    func respond(_ action: @Sendable (Value) async throws -> Response) async throws -> Response {
        let answer = Mutex<Response?>(nil)
        let formAgain = try await perform { value in
            let response = try await action(value)
            answer.withLock { $0 = response }
            return .home  // not sent: the action's own answer replaces this redirect
        }
        return answer.withLock { $0 } ?? formAgain
    }
}
