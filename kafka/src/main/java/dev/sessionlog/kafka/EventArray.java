package dev.sessionlog.kafka;

import dev.sessionlog.RecordedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only list of events with one writer (the replica's thread) and any number of readers
 * that never wait: the writer fills a slot, then publishes the new size through a volatile write;
 * a reader reads the size first and sees every slot below it. Chunks are never moved, only added.
 */
final class EventArray {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private volatile RecordedEvent[][] chunks = new RecordedEvent[1][];
    private volatile int size;

    /** Appends, as the replica's thread. */
    void add(RecordedEvent event) {
        int n = size;
        int chunk = n >>> CHUNK_BITS;
        RecordedEvent[][] current = chunks;
        if (chunk == current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        if (current[chunk] == null) {
            current[chunk] = new RecordedEvent[CHUNK];
        }
        current[chunk][n & (CHUNK - 1)] = event;
        chunks = current;
        size = n + 1;
    }

    int size() {
        return size;
    }

    /** The event at {@code index}, which must be below a {@link #size()} read before. */
    RecordedEvent get(int index) {
        return chunks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    /** Up to {@code max} events from {@code from} on. */
    List<RecordedEvent> range(long from, int max) {
        int n = size;
        if (from >= n || max <= 0) {
            return List.of();
        }
        int start = (int) from;
        int end = (int) Math.min(n, start + (long) max);
        List<RecordedEvent> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            out.add(get(i));
        }
        return out;
    }

    /** The newest {@code max} events, oldest first. */
    List<RecordedEvent> last(int max) {
        int n = size;
        return range(Math.max(0, n - (long) max), max);
    }

    /** The index of the first event at or after {@code position}; {@link #size()} when there is none. Positions increase. */
    int indexOf(long position) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).position() < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
