package dev.sessionlog.cli;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The integrity checks {@code verify} runs through the {@link SessionStore} API, so they hold for
 * any implementation: per session, gapless sequences from 1, {@code SessionStarted} first, nothing
 * after {@code SessionEnded}, every terminal model-call event preceded by its start and at most
 * one per call, and an index entry that agrees with the log. (Records that do not decode are the
 * implementation's own scan: {@link OpenedStore#recordProblems()}.)
 */
final class StoreVerifier {

    /** What a run checked and found. */
    record Result(int sessions, long events, List<Problem> problems) {
    }

    private StoreVerifier() {}

    static Result verify(SessionStore store) {
        List<Problem> problems = new ArrayList<>();
        int sessions = 0;
        long events = 0;
        for (SessionSummary summary : store.sessions(SessionQuery.all())) {
            SessionCheck check = new SessionCheck(summary, problems);
            SessionEvents.forEach(store, summary.sessionId(), check::accept);
            check.finish(store.summary(summary.sessionId()).map(SessionSummary::lastSequence).orElse(0L));
            sessions++;
            events += check.seen;
        }
        return new Result(sessions, events, List.copyOf(problems));
    }

    /** The checks of one session, fed its events in order. */
    private static final class SessionCheck implements SessionEvent.Visitor<String> {
        private final SessionSummary summary;
        private final List<Problem> problems;
        private final Set<CallId> started = new HashSet<>();
        private final Set<CallId> ended = new HashSet<>();
        private long seen;
        private long lastSequence;
        private boolean endedSession;
        private int keysAssigned;

        SessionCheck(SessionSummary summary, List<Problem> problems) {
            this.summary = summary;
            this.problems = problems;
        }

        void accept(RecordedEvent event) {
            seen++;
            if (!event.sessionId().equals(summary.sessionId())) {
                problem(event.sequence(), "event of session " + event.sessionId() + " returned for this session");
            }
            if (event.sequence() != lastSequence + 1) {
                problem(event.sequence(), "sequence gap: expected " + (lastSequence + 1) + ", found " + event.sequence());
            }
            lastSequence = event.sequence();
            if (endedSession) {
                problem(event.sequence(), "event after SessionEnded");
            }
            if (seen == 1 && !(event.event() instanceof SessionStarted)) {
                problem(event.sequence(), "the first event is " + event.event().getClass().getSimpleName()
                        + ", not SessionStarted");
            }
            String trouble = event.event().accept(this);
            if (trouble != null) {
                problem(event.sequence(), trouble);
            }
        }

        /**
         * Compares the index with the log. A writer may append while we read, so the index entry
         * read before the scan may be behind the log, never ahead; the one read after, never behind.
         */
        void finish(long indexAfter) {
            if (summary.lastSequence() > lastSequence) {
                problem(0, "the index says the last sequence is " + summary.lastSequence()
                        + " but the log ends at " + lastSequence);
            } else if (indexAfter < lastSequence) {
                problem(0, "the log holds events up to sequence " + lastSequence
                        + " but the index says the last is " + indexAfter);
            }
        }

        private void problem(long sequence, String description) {
            problems.add(new Problem("verify", summary.sessionId().value(), sequence, description));
        }

        private String terminal(CallId callId) {
            if (!started.contains(callId)) {
                return "model call " + callId + " ended without a ModelCallStarted";
            }
            if (!ended.add(callId)) {
                return "model call " + callId + " has a second terminal event";
            }
            return null;
        }

        @Override
        public String sessionStarted(SessionStarted event) {
            return seen == 1 ? null : "a second SessionStarted";
        }

        @Override
        public String userMessageReceived(UserMessageReceived event) {
            return null;
        }

        @Override
        public String modelCallStarted(ModelCallStarted event) {
            return started.add(event.callId()) ? null : "model call " + event.callId() + " started twice";
        }

        @Override
        public String modelCallCompleted(ModelCallCompleted event) {
            return terminal(event.callId());
        }

        @Override
        public String modelCallFailed(ModelCallFailed event) {
            return terminal(event.callId());
        }

        @Override
        public String toolResultRecorded(ToolResultRecorded event) {
            return null;
        }

        @Override
        public String settingsChanged(SettingsChanged event) {
            return null;
        }

        @Override
        public String transcriptCompacted(TranscriptCompacted event) {
            return null;
        }

        @Override
        public String deliveryRecorded(DeliveryRecorded event) {
            return null;
        }

        @Override
        public String turnAborted(TurnAborted event) {
            return null;
        }

        @Override
        public String customEntryRecorded(CustomEntryRecorded event) {
            return null;
        }

        @Override
        public String contextMessageAdded(ContextMessageAdded event) {
            return null;
        }

        @Override
        public String sessionKeyAssigned(SessionKeyAssigned event) {
            return keysAssigned++ == 0 ? null : "a second SessionKeyAssigned";
        }

        @Override
        public String sessionEnded(SessionEnded event) {
            endedSession = true;
            return null;
        }
    }
}
