package dev.sessionlog.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code GET /v1/store}: the part of {@code sessionlog stats} and {@code doctor} the index answers
 * without reading every log: sessions by state, newest failures by kind, tokens, and every open
 * model call with its deadline, a call past its deadline by more than {@link #DEADLINE_GRACE}
 * flagged stuck (the watchdog should have ended it).
 */
final class StoreHealth {
    /** As doctor's: the watchdog runs about every second, so a call this late was missed. */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(5);
    private static final int MAX_LISTED_CALLS = 200;

    private StoreHealth() {}

    static ObjectNode of(SessionStore store, Instant now) {
        Map<SessionSummary.State, Long> byState = new EnumMap<>(SessionSummary.State.class);
        Map<FailureKind, Long> byFailure = new EnumMap<>(FailureKind.class);
        long sessions = 0;
        long tokens = 0;
        long openCallCount = 0;
        long stuck = 0;
        Instant first = null;
        Instant last = null;
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (SessionSummary summary : store.sessions(SessionQuery.all().limit(SessionQuery.MAX_LIMIT))) {
            sessions++;
            byState.merge(summary.state(), 1L, Long::sum);
            if (summary.lastFailure() != null) {
                byFailure.merge(summary.lastFailure(), 1L, Long::sum);
            }
            tokens += summary.totalTokens();
            first = first == null || summary.createdAt().isBefore(first) ? summary.createdAt() : first;
            last = last == null || summary.updatedAt().isAfter(last) ? summary.updatedAt() : last;
            for (OpenCalls.OpenCall call : OpenCalls.of(store, summary)) {
                openCallCount++;
                boolean late = isStuck(call, now);
                stuck += late ? 1 : 0;
                if (calls.size() < MAX_LISTED_CALLS) {
                    calls.add(Views.openCall(summary, call).put("stuck", late));
                }
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("now", Views.instant(now));
        body.put("sessions", sessions);
        ObjectNode states = body.putObject("sessionsByState");
        for (SessionSummary.State state : SessionSummary.State.values()) {
            states.put(Views.wire(state), byState.getOrDefault(state, 0L));
        }
        ObjectNode failures = body.putObject("lastFailureByKind");
        byFailure.forEach((kind, count) -> failures.put(Views.wire(kind), count));
        body.put("totalTokens", tokens);
        body.put("firstCreatedAt", Views.instant(first));
        body.put("lastUpdatedAt", Views.instant(last));
        body.put("openCalls", openCallCount);
        body.put("stuckCalls", stuck);
        body.set("calls", calls);
        return body;
    }

    private static boolean isStuck(OpenCalls.OpenCall call, Instant now) {
        Instant deadline = call.started().deadline();
        return deadline != null && now.isAfter(deadline.plus(DEADLINE_GRACE));
    }
}
