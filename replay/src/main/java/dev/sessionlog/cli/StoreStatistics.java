package dev.sessionlog.cli;

import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of {@code stats}: sessions by state from the index, events by type and failures by kind from the log. */
final class StoreStatistics {
    private StoreStatistics() {}

    static List<Stat> collect(SessionStore store) {
        long sessions = 0;
        long idle = 0;
        long awaiting = 0;
        long ended = 0;
        long tokens = 0;
        Instant oldest = null;
        Instant newest = null;
        Map<String, Long> byType = new TreeMap<>();
        Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        long[] events = {0};
        for (SessionSummary summary : store.sessions(SessionQuery.all())) {
            sessions++;
            switch (summary.state()) {
                case IDLE -> idle++;
                case AWAITING_MODEL -> awaiting++;
                case ENDED -> ended++;
            }
            tokens += summary.totalTokens();
            oldest = oldest == null || summary.createdAt().isBefore(oldest) ? summary.createdAt() : oldest;
            newest = newest == null || summary.updatedAt().isAfter(newest) ? summary.updatedAt() : newest;
            SessionEvents.forEach(store, summary.sessionId(), event -> {
                events[0]++;
                byType.merge(event.event().getClass().getSimpleName(), 1L, Long::sum);
                if (event.event() instanceof ModelCallFailed failed) {
                    byKind.merge(failed.kind(), 1L, Long::sum);
                }
            });
        }
        List<Stat> stats = new ArrayList<>();
        stats.add(Stat.of("sessions", sessions));
        stats.add(Stat.of("sessions.idle", idle));
        stats.add(Stat.of("sessions.awaitingModel", awaiting));
        stats.add(Stat.of("sessions.ended", ended));
        stats.add(Stat.of("events", events[0]));
        byType.forEach((type, count) -> stats.add(Stat.of("events." + type, count)));
        stats.add(Stat.of("failedCalls", byKind.values().stream().mapToLong(Long::longValue).sum()));
        byKind.forEach((kind, count) -> stats.add(Stat.of("failedCalls." + kind, count)));
        stats.add(Stat.of("tokens", tokens));
        stats.add(Stat.of("firstCreatedAt", oldest));
        stats.add(Stat.of("lastUpdatedAt", newest));
        return stats;
    }
}
