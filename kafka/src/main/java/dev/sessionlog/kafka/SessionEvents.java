package dev.sessionlog.kafka;

import dev.sessionlog.RecordedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one session in sequence order, the {@code i}th of sequence {@code i + 1}: their
 * indexes in the session's {@link PartitionLog}, four bytes of heap per event.
 *
 * <p>One writer (the replica's thread) and readers that never wait: the writer stores the index,
 * publishes a grown array before the size that needs it, then the size, each through a volatile
 * write; a reader reads the size first, then the array, and finds every index below the size in it.
 */
final class SessionEvents {
    private static final int FIRST_CAPACITY = 4;

    private final PartitionLog log;
    private volatile int[] indexes = new int[FIRST_CAPACITY];
    private volatile int size;

    SessionEvents(PartitionLog log) {
        this.log = log;
    }

    /** Appends the event at {@code index} of the partition's log, as the replica's thread. */
    void add(int index) {
        int n = size;
        int[] current = indexes;
        if (n == current.length) {
            current = Arrays.copyOf(current, n * 2);
            indexes = current;
        }
        current[n] = index;
        size = n + 1;
    }

    /** How many events the session has: its last sequence. */
    int size() {
        return size;
    }

    /** The partition's log index of the event at {@code i} (sequence {@code i + 1}), below a size read before. */
    int indexAt(int i) {
        return indexes[i];
    }

    /** The position of the event at {@code i}, without reading it. */
    long position(int i) {
        return log.position(indexAt(i));
    }

    /** The event at {@code i} (sequence {@code i + 1}), below a size read before. */
    RecordedEvent get(int i) {
        return log.get(indexAt(i));
    }

    /** Up to {@code max} events from {@code from} (a sequence minus one) on. */
    List<RecordedEvent> range(long from, int max) {
        int n = size;
        if (from >= n || max <= 0) {
            return List.of();
        }
        int start = (int) from;
        int end = (int) Math.min(n, start + (long) max);
        int[] current = indexes;
        List<RecordedEvent> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            out.add(log.get(current[i]));
        }
        return out;
    }
}
