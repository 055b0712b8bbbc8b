package dev.sessionlog.cli;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code doctor --fix} does: ends the model calls left open, each with its terminal event and,
 * after it, a {@code CustomEntryRecorded} of type {@value #ENTRY_TYPE} saying who ended it and why,
 * so the session's own log tells the story. The calls are found before the store is opened for
 * writing, because opening a Chronicle store as its writer ends every call a dead process left open
 * as {@code INTERRUPTED} (that recovery is the fix for them; this records why); a call still open
 * afterwards is ended with {@code TIMEOUT} when it is past its deadline and left alone otherwise.
 */
final class StuckCallFixer {
    /** The custom entry type that records a fix. */
    static final String ENTRY_TYPE = "sessionlog.doctor.fix";

    /** A call open before the fix. @param session its session @param call the call */
    record Open(SessionId session, OpenCalls.OpenCall call) {}

    private StuckCallFixer() {}

    /** The calls open now, in every session. */
    static List<Open> openCalls(OpenedStore opened) {
        List<Open> open = new ArrayList<>();
        opened.forEachSession(summary -> {
            if (summary.openCalls() > 0) {
                OpenCalls.of(opened.store(), summary.sessionId()).forEach(call -> open.add(new Open(summary.sessionId(), call)));
            }
        });
        return open;
    }

    /** Ends the calls of {@code before} in the store opened for writing; returns one finding per call it ended. */
    static List<Finding> fix(OpenedStore writable, List<Open> before, Instant now) {
        SessionStore store = writable.store();
        List<Finding> changed = new ArrayList<>();
        for (Open open : before) {
            ModelCallStarted started = open.call().started();
            Optional<String> endedAs = outcome(store, open.session(), started);
            String reason = reason(started, open.call().recorded(), now);
            if (endedAs.isEmpty() && started.deadline() != null && now.isAfter(started.deadline())) {
                store.append(open.session(), ExpectedSequence.any(), List.of(ModelCallFailed.of(started.callId(),
                        started.provider(), started.model(), FailureKind.TIMEOUT))).join();
                endedAs = outcome(store, open.session(), started);
            }
            if (endedAs.isEmpty()) {
                continue; // not overdue, and a gateway may still complete it
            }
            try {
                store.append(open.session(), ExpectedSequence.any(), List.of(new CustomEntryRecorded(ENTRY_TYPE,
                        Json.compact(Json.put(Json.put(Json.put(Json.object(), "callId", started.callId().value()),
                                "endedAs", endedAs.get()), "reason", reason))))).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof SessionEndedException)) {
                    throw e;
                }
            }
            changed.add(new Finding("fix", Finding.Status.OK, open.session().value(), "ended call " + started.callId()
                    + " to " + started.provider() + "/" + started.model() + " as " + endedAs.get() + ": " + reason));
        }
        return changed;
    }

    /** Why the call is being ended, for the log and for people. */
    private static String reason(ModelCallStarted started, RecordedEvent recorded, Instant now) {
        Instant deadline = started.deadline();
        String open = "open since " + recorded.recordedAt();
        if (deadline != null && now.isAfter(deadline)) {
            return "stuck: " + open + ", past its deadline " + deadline + " by "
                    + Duration.between(deadline, now).toSeconds() + "s; ended by sessionlog doctor --fix";
        }
        return open + " when no gateway had the store open; ended by sessionlog doctor --fix";
    }

    /** The kind of the call's terminal event, when it has one. */
    private static Optional<String> outcome(SessionStore store, SessionId session, ModelCallStarted started) {
        String[] kind = {null};
        SessionEvents.forEach(store, session, event -> {
            if (event.event() instanceof ModelCallFailed failed && failed.callId().equals(started.callId())) {
                kind[0] = failed.kind().name();
            } else if (event.event() instanceof ModelCallCompleted completed
                    && completed.callId().equals(started.callId())) {
                kind[0] = "COMPLETED";
            }
        });
        return Optional.ofNullable(kind[0]);
    }
}
