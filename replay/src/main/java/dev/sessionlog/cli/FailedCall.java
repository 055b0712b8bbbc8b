package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.projection.UserNotice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One failed model call with the notice its user got.
 *
 * @param session the session
 * @param sequence the sequence of the {@code ModelCallFailed}
 * @param at when it happened ({@link RecordedEvent#occurredAt()}: an imported call's original time)
 * @param failure the event
 * @param notice the user notice the projection produced, or null when none
 */
record FailedCall(SessionId session, long sequence, Instant at, ModelCallFailed failure, String notice) {

    /**
     * The failed calls of {@code session} (all sessions when null), oldest first per session, of
     * {@code kind} (all when null), that happened inside {@code window}.
     */
    static List<FailedCall> find(SessionStore store, SessionId session, FailureKind kind, TimeWindow window) {
        List<SessionId> sessions = session != null ? List.of(session)
                : store.sessions(SessionQuery.all()).stream()
                        .filter(s -> window.overlaps(s.createdAt(), s.updatedAt()))
                        .map(SessionSummary::sessionId).toList();
        List<FailedCall> calls = new ArrayList<>();
        for (SessionId id : sessions) {
            List<RecordedEvent> failed = new ArrayList<>();
            SessionEvents.forEach(store, id, event -> {
                if (event.event() instanceof ModelCallFailed f && (kind == null || f.kind() == kind)
                        && window.contains(event.occurredAt())) {
                    failed.add(event);
                }
            });
            if (failed.isEmpty()) {
                continue;
            }
            Map<Long, UserNotice> notices = store.session(id).notices().stream()
                    .collect(Collectors.toMap(UserNotice::sequence, Function.identity(), (a, b) -> a));
            for (RecordedEvent event : failed) {
                UserNotice notice = notices.get(event.sequence());
                calls.add(new FailedCall(id, event.sequence(), event.occurredAt(), (ModelCallFailed) event.event(),
                        notice == null ? null : notice.text()));
            }
        }
        return calls;
    }
}
