package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@code doctor}: can this JVM run Chronicle, can every record be read, does the
 * index agree with the log, and which model calls are open or stuck (past their deadline and not
 * ended: the lock-file failure this store exists to prevent, so it must be visible).
 */
final class StoreDoctor {
    /** How long past its deadline an open call may be before it counts as stuck: the watchdog runs about every second. */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(5);
    /** How long a call without a deadline may be open before it is worth a warning. */
    static final Duration LONG_OPEN = Duration.ofMinutes(10);

    private StoreDoctor() {}

    static List<Finding> examine(OpenedStore opened, Instant now, List<String> missingJvmFlags) {
        List<Finding> findings = new ArrayList<>();
        findings.add(missingJvmFlags.isEmpty()
                ? new Finding("jvm", Finding.Status.OK, null, "Chronicle's JVM flags are present")
                : new Finding("jvm", Finding.Status.PROBLEM, null, "missing JVM flags " + missingJvmFlags
                        + ": start sessionlog with bin/sessionlog or java -jar sessionlog.jar (its manifest adds them)"));
        findings.add(new Finding("store", Finding.Status.OK, null, opened.description()));
        int unreadable = opened.recordProblems().size();
        findings.add(unreadable == 0
                ? new Finding("records", Finding.Status.OK, null, "every record can be read")
                : new Finding("records", Finding.Status.PROBLEM, null, unreadable
                        + " record(s) cannot be read; 'sessionlog verify' lists them"));
        SessionStore store = opened.store();
        int[] counts = new int[3]; // sessions, open calls, index problems
        Map<SessionId, Long> indexed = new HashMap<>();
        opened.forEachSession(summary -> {
            counts[0]++;
            indexed.put(summary.sessionId(), summary.lastSequence());
            if (summary.openCalls() > 0) {
                for (OpenCalls.OpenCall call : OpenCalls.of(store, summary.sessionId())) {
                    counts[1]++;
                    findings.add(openCall(summary, call, now));
                }
            }
        });
        // each session's last event in the log, from one pass over it after the index was read:
        // reading each session's last event instead seeks the log once per session (minutes for a
        // million sessions)
        Map<SessionId, Long> logged = new HashMap<>();
        opened.forEachEvent(event -> logged.merge(event.sessionId(), event.sequence(), Math::max));
        indexed.forEach((session, indexLast) -> {
            long logLast = logged.getOrDefault(session, 0L);
            // a writer may append between the two passes: the log may be ahead of the index read
            // first, never of a second look
            if (logLast < indexLast
                    || logLast > store.summary(session).map(SessionSummary::lastSequence).orElse(0L)) {
                counts[2]++;
                findings.add(new Finding("index", Finding.Status.PROBLEM, session.value(),
                        "the index says the last sequence is " + indexLast + ", the log ends at " + logLast));
            }
        });
        int sessions = counts[0];
        int openCalls = counts[1];
        int indexProblems = counts[2];
        if (indexProblems == 0) {
            findings.add(new Finding("index", Finding.Status.OK, null, "the index agrees with the log for all "
                    + sessions + " session(s)"));
        }
        if (openCalls == 0) {
            findings.add(new Finding("calls", Finding.Status.OK, null, "no model call is open"));
        }
        return findings;
    }

    private static Finding openCall(SessionSummary summary, OpenCalls.OpenCall call, Instant now) {
        ModelCallStarted started = call.started();
        String what = "call " + started.callId() + " to " + started.provider() + "/" + started.model()
                + " open since " + call.recorded().recordedAt();
        String session = summary.sessionId().value();
        Instant deadline = started.deadline();
        if (deadline != null && now.isAfter(deadline.plus(DEADLINE_GRACE))) {
            return new Finding("calls", Finding.Status.PROBLEM, session, "stuck: " + what + ", past its deadline "
                    + deadline + " by " + Duration.between(deadline, now).toSeconds() + "s; the store's watchdog ends "
                    + "it while a gateway has the store open, or the next open ends it as INTERRUPTED");
        }
        if (deadline == null && now.isAfter(call.recorded().recordedAt().plus(LONG_OPEN))) {
            return new Finding("calls", Finding.Status.WARNING, session, what + " without a deadline: nothing "
                    + "will end it until the gateway does");
        }
        return new Finding("calls", Finding.Status.OK, session, what + (deadline == null ? "" : ", deadline " + deadline));
    }
}
