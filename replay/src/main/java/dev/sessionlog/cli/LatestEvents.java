package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The newest events of the whole store, in log order, without scanning the log: the newest n
 * events belong to at most n sessions, and those are among the n most recently updated ones, so
 * reading the last n events of those sessions and merging them is enough. Events of one partition
 * are merged by position (its writer records them in position order); a store of several
 * partitions orders its partitions' events by the time they were recorded.
 */
final class LatestEvents {
    private LatestEvents() {}

    static List<RecordedEvent> of(SessionStore store, int count) {
        if (count == 0) {
            return List.of();
        }
        List<RecordedEvent> candidates = new ArrayList<>();
        for (SessionSummary summary : store.sessions(SessionQuery.all().limit(count))) {
            candidates.addAll(store.readLast(summary.sessionId(), count));
        }
        boolean onePartition = candidates.stream().allMatch(event -> event.partition() == 0);
        candidates.sort(onePartition ? Comparator.comparingLong(RecordedEvent::position)
                : Comparator.comparing(RecordedEvent::recordedAt).thenComparingInt(RecordedEvent::partition)
                        .thenComparingLong(RecordedEvent::position));
        return List.copyOf(candidates.subList(Math.max(0, candidates.size() - count), candidates.size()));
    }

    static List<RecordedEvent> of(SessionStore store, SessionId session, int count) {
        return count == 0 ? List.of() : store.readLast(session, count);
    }
}
