package dev.sessionlog.server;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model calls of a session that started and have not ended, found by reading the session
 * backwards from its end until the index's count of open calls is reached: an open call is
 * usually near the end, so a session of 50,000 events costs a page or two, not a scan.
 */
final class OpenCalls {
    private static final int PAGE = 256;

    /** One open call: its start event and the record that holds it. */
    record OpenCall(ModelCallStarted started, RecordedEvent recorded) {
    }

    private OpenCalls() {}

    static List<OpenCall> of(SessionStore store, SessionSummary summary) {
        List<OpenCall> open = new ArrayList<>();
        if (summary.openCalls() == 0) {
            return open;
        }
        SessionId session = summary.sessionId();
        Set<CallId> ended = new HashSet<>();
        for (long to = summary.lastSequence(); to >= 1 && open.size() < summary.openCalls(); to -= PAGE) {
            long from = Math.max(1, to - PAGE + 1);
            List<RecordedEvent> page = store.read(session, from, (int) (to - from + 1));
            for (int i = page.size() - 1; i >= 0; i--) {
                RecordedEvent recorded = page.get(i);
                if (recorded.event() instanceof ModelCallCompleted done) {
                    ended.add(done.callId());
                } else if (recorded.event() instanceof ModelCallFailed failed) {
                    ended.add(failed.callId());
                } else if (recorded.event() instanceof ModelCallStarted started && !ended.contains(started.callId())) {
                    open.add(new OpenCall(started, recorded));
                }
            }
        }
        Collections.reverse(open);
        return open;
    }
}
