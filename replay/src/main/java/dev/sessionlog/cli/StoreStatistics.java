package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of {@code stats}: sessions by state from the index, events by type and failures by
 * kind from the log. Every session counts, however many there are: they are visited one at a time
 * ({@link OpenedStore#forEachSession}), never listed through the limited session query; the events
 * in one pass over the log ({@link OpenedStore#forEachEvent}), not session by session, which seeks
 * the log once per record (two minutes for a million sessions of three events, against seconds).
 */
final class StoreStatistics {
    private long sessions;
    private long idle;
    private long awaiting;
    private long ended;
    private long tokens;
    private long events;
    private Instant oldest;
    private Instant newest;
    private final Map<String, Long> byType = new TreeMap<>();
    private final Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);

    private StoreStatistics() {}

    static List<Stat> collect(OpenedStore opened) {
        StoreStatistics statistics = new StoreStatistics();
        opened.forEachSession(statistics::add);
        opened.forEachEvent(statistics::add);
        return statistics.stats();
    }

    private void add(SessionSummary summary) {
        sessions++;
        switch (summary.state()) {
            case IDLE -> idle++;
            case AWAITING_MODEL -> awaiting++;
            case ENDED -> ended++;
        }
        tokens += summary.totalTokens();
        oldest = oldest == null || summary.createdAt().isBefore(oldest) ? summary.createdAt() : oldest;
        newest = newest == null || summary.updatedAt().isAfter(newest) ? summary.updatedAt() : newest;
    }

    private void add(RecordedEvent event) {
        events++;
        byType.merge(event.event().getClass().getSimpleName(), 1L, Long::sum);
        if (event.event() instanceof ModelCallFailed failed) {
            byKind.merge(failed.kind(), 1L, Long::sum);
        }
    }

    private List<Stat> stats() {
        List<Stat> stats = new ArrayList<>();
        stats.add(Stat.of("sessions", sessions));
        stats.add(Stat.of("sessions.idle", idle));
        stats.add(Stat.of("sessions.awaitingModel", awaiting));
        stats.add(Stat.of("sessions.ended", ended));
        stats.add(Stat.of("events", events));
        byType.forEach((type, count) -> stats.add(Stat.of("events." + type, count)));
        stats.add(Stat.of("failedCalls", byKind.values().stream().mapToLong(Long::longValue).sum()));
        byKind.forEach((kind, count) -> stats.add(Stat.of("failedCalls." + kind, count)));
        stats.add(Stat.of("tokens", tokens));
        stats.add(Stat.of("firstCreatedAt", oldest));
        stats.add(Stat.of("lastUpdatedAt", newest));
        return stats;
    }
}
