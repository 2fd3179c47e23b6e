import Fluent
import Vapor
import WeGOCore
import WeGOMatching

/// One-to-one meetings as their two sides see them: a city's request to a solution's provider,
/// the list of the member's meetings, and one meeting from answer to outcome.
enum MeetingsController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.matching(.itemRequest(.key)), use: requestForm)
        routes.post(.matching(.itemRequest(.key)), use: createRequest)
        routes.get(.matching(.meetings), use: list)
        routes.get(.matching(.meeting(.key)), use: meeting)
        routes.post(.matching(.answer(.key)), use: answer)
        routes.post(.matching(.slot(.key)), use: moveSlot)
        routes.get(.matching(.invitation(.key)), use: invitation)
        routes.post(.matching(.report(.key)), use: report)
        routes.post(.matching(.outcome(.key)), use: reportOutcome)
        routes.post(.matching(.confirmOutcome(.key)), use: confirmOutcome)
    }

    // MARK: Requests

    @Sendable static func requestForm(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let (solution, city) = try await MeetingService(request.application, db: request.db)
            .requestTarget(try request.parameter(.id, as: UUID.self), user: user)
        let cityID = try city.requireID()
        let items = try await MatchAccess.ownItems(cityID, kinds: [.challenge, .project], on: request.db).map(MatchItemRow.init)
        var form = MeetingRequestForm()
        form.time_zone = try await MatchAccess.lastTimeZone(of: cityID, on: request.db)
        return MeetingViews.requestForm(PageContext(request), solution: try MatchItemRow(solution), items: items, form: form, errors: [:])
            .response(status: .ok)
    }

    @Sendable static func createRequest(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let service = MeetingService(request.application, db: request.db)
        let (solution, city) = try await service.requestTarget(try request.parameter(.id, as: UUID.self), user: user)
        let (solutionRow, items) = (
            try MatchItemRow(solution),
            try await MatchAccess.ownItems(try city.requireID(), kinds: [.challenge, .project], on: request.db)
                .map(MatchItemRow.init)
        )
        let context = PageContext(request)
        return try await FormSubmission(
            request, validate: { try await service.validate($0, city: city) },
            render: { form, errors in
                MeetingViews.requestForm(context, solution: solutionRow, items: items, form: form, errors: errors)
            }
        ).perform { input in
            SiteURL.matching(.meeting(.value(try await service.request(solution, from: city, input, user: user))))
        }
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        guard let memberID = user.memberID, user.role == .memberRepresentative else {
            if user.role == .secretariatAdmin { return request.redirect(to: SiteURL.admin(.matching).path, redirectType: .normal) }
            throw Abort(.forbidden)
        }
        let meetings = try await MatchMeeting.query(on: request.db)
            .group(.or) { $0.filter(\.$requester.$id == memberID).filter(\.$responder.$id == memberID) }
            .with(\.$requester).with(\.$responder).sort(\.$createdAt, .descending).all()
            .map { try MeetingSummary($0, viewer: user) }
        return MeetingViews.list(PageContext(request), meetings: meetings, memberID: memberID, now: request.application.clock())
            .response(status: .ok)
    }

    // MARK: One meeting

    /// The meeting for its two parties and the Secretariat, and the reader's side.
    static func find(_ request: Request) async throws -> (MatchMeeting, SignedInUser, MeetingScheduler.Side?) {
        let user = try request.requireUser()
        let (meeting, side) = try await MatchAccess.meeting(try request.parameter(.id, as: UUID.self), user: user, on: request.db)
        return (meeting, user, side)
    }

    /// The meeting's page, with a sub-form's errors and typed values when one was refused.
    static func page(
        _ request: Request, _ meeting: MatchMeeting, user: SignedInUser, side: MeetingScheduler.Side?,
        errors: [String: String] = [:], form: [String: String] = [:]
    ) async throws -> HTML {
        let page = try await MeetingPage.query(meeting, side: side, viewer: user, now: request.application.clock(), on: request.db)
        return MeetingViews.meeting(
            PageContext(request), page: page, thesaurus: request.application.matchCatalog.thesaurus, errors: errors,
            form: form)
    }

    @Sendable static func meeting(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        return try await page(request, meeting, user: user, side: side).response(status: .ok)
    }

    @Sendable static func answer(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side else { throw Abort(.forbidden) }
        let service = MeetingService(request.application, db: request.db)
        return try await FormSubmission(
            request, validate: { try service.validate($0, meeting: meeting, side: side) },
            render: { form, errors in
                try await page(
                    request, meeting, user: user, side: side, errors: errors,
                    form: ["time_zone": form.time_zone ?? "", "windows": form.windows ?? ""])
            }
        ).perform { answer in
            try await service.answer(meeting, side: side, answer, user: user)
            return .matching(.meeting(.value(try meeting.requireID())))
        }
    }

    /// Either side moves the meeting to another time inside both windows, or sets its video link.
    @Sendable static func moveSlot(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard let side else { throw Abort(.forbidden) }
        let service = MeetingService(request.application, db: request.db)
        return try await FormSubmission(
            request, validate: { .success($0) },
            render: { (form: MeetingSlotForm, errors) in
                try await page(
                    request, meeting, user: user, side: side, errors: errors,
                    form: [
                        "start": (form.start ?? "").trimmingCharacters(in: .whitespaces),
                        "meeting_url": (form.meeting_url ?? "").trimmingCharacters(in: .whitespaces),
                    ])
            }
        ).perform { form in
            try await service.moveSlot(meeting, side: side, form: form, user: user)
            return .matching(.meeting(.value(try meeting.requireID())))
        }
    }

    @Sendable static func invitation(_ request: Request) async throws -> Response {
        let (meeting, _, _) = try await find(request)
        let invitation = try MeetingService(request.application, db: request.db).invitation(meeting, catalog: request.catalog)
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/calendar; charset=utf-8; method=REQUEST",
                "Content-Disposition": "attachment; filename=\"wego-meeting.ics\"",
            ],
            body: .init(string: invitation.text(now: request.application.clock())))
    }

    // MARK: After the meeting

    @Sendable static func report(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard side != nil, let memberID = user.memberID else { throw Abort(.forbidden) }
        let service = MeetingService(request.application, db: request.db)
        return try await FormSubmission(
            request, validate: { .success($0) },
            render: { (form: MeetingReportForm, errors) in
                try await page(
                    request, meeting, user: user, side: side, errors: errors,
                    form: ["follow_up": (form.follow_up ?? "").trimmingCharacters(in: .whitespacesAndNewlines)])
            }
        ).perform { form in
            try await service.report(meeting, memberID: memberID, form: form, user: user)
            return .matching(.meeting(.value(try meeting.requireID())))
        }
    }

    @Sendable static func reportOutcome(_ request: Request) async throws -> Response {
        let (meeting, user, side) = try await find(request)
        guard side != nil, let memberID = user.memberID else { throw Abort(.forbidden) }
        let service = MeetingService(request.application, db: request.db)
        return try await FormSubmission(
            request, validate: { .success($0) },
            render: { (form: MeetingOutcomeForm, errors) in
                try await page(
                    request, meeting, user: user, side: side, errors: errors,
                    form: ["note": (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)])
            }
        ).perform { form in
            try await service.reportOutcome(meeting, memberID: memberID, form: form, user: user)
            return .matching(.meeting(.value(try meeting.requireID())))
        }
    }

    @Sendable static func confirmOutcome(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let meetingID = try await MeetingService(request.application, db: request.db)
            .confirmOutcome(try request.parameter(.id, as: UUID.self), user: user)
        return request.redirect(to: SiteURL.matching(.meeting(.value(meetingID))).path, redirectType: .normal)
    }
}
