package dev.sessionlog.spi;

import dev.sessionlog.SessionSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code limit} most recently updated of the rows offered to it, newest first, by the newest
 * event's instant, then its log position. What a listing of the session index keeps while it reads
 * every row once: up to the limit, each row offered is kept; past it, a bounded heap whose root is
 * the oldest row kept, so a row older than all of them costs one comparison. The order keys are
 * primitives in arrays, compared without touching the summaries. One thread.
 */
final class NewestFirst {
    private final int limit;
    private int size;
    /** Per kept row, by its storage index: the order keys and the summary. */
    private long[] updated = new long[16];
    private long[] position = new long[16];
    /** Updated instants a nanosecond count cannot hold, by storage index; null while there is none. */
    private Instant[] outliers;
    private SessionSummary[] summaries = new SessionSummary[16];
    /** Once the limit is reached: storage indices as a heap, oldest at the root. */
    private int[] heap;

    NewestFirst(int limit) {
        this.limit = limit;
    }

    /** Whether {@code row} would be kept: the limit is not reached, or it is newer than the oldest kept. */
    boolean wouldKeep(SessionEntries.Row row) {
        return size < limit || compare(row.updatedAt, row.updatedOutlier, row.lastPosition, heap[0]) > 0;
    }

    /** Keeps {@code row}, whose summary is {@code summary}; only when {@link #wouldKeep} said so. */
    void keep(SessionEntries.Row row, SessionSummary summary) {
        if (size < limit) {
            if (size == updated.length) {
                int capacity = (int) Math.min(limit, size * 2L);
                updated = Arrays.copyOf(updated, capacity);
                position = Arrays.copyOf(position, capacity);
                summaries = Arrays.copyOf(summaries, capacity);
                outliers = outliers == null ? null : Arrays.copyOf(outliers, capacity);
            }
            store(size++, row, summary);
            if (size == limit) {
                heap = new int[size];
                for (int i = 0; i < size; i++) {
                    heap[i] = i;
                }
                for (int i = size / 2 - 1; i >= 0; i--) {
                    siftDown(i);
                }
            }
            return;
        }
        store(heap[0], row, summary);
        siftDown(0);
    }

    /** The kept summaries, newest first. */
    List<SessionSummary> newestFirst() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size);
        List<SessionSummary> listed = new ArrayList<>(size);
        for (int i = size - 1; i >= 0; i--) {
            listed.add(summaries[order[i]]);
        }
        return listed;
    }

    private void store(int index, SessionEntries.Row row, SessionSummary summary) {
        updated[index] = row.updatedAt;
        position[index] = row.lastPosition;
        summaries[index] = summary;
        if (row.updatedOutlier != null && outliers == null) {
            outliers = new Instant[updated.length];
        }
        if (outliers != null) {
            outliers[index] = row.updatedOutlier;
        }
    }

    /** Restores the heap below {@code i}: the oldest row at the root. */
    private void siftDown(int i) {
        int moving = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (compare(heap[child], moving) >= 0) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    /**
     * Sorts {@code order[from, to)} oldest first; two halves already in order cost one comparison to
     * merge, so rows offered in the order they were updated (slots are numbered as sessions start,
     * and old sessions are mostly the idle ones) sort in linear time.
     */
    private void mergeSort(int[] order, int[] buffer, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, buffer, from, middle);
        mergeSort(order, buffer, middle, to);
        if (compare(order[middle - 1], order[middle]) <= 0) {
            return;
        }
        System.arraycopy(order, from, buffer, from, to - from);
        for (int i = from, left = from, right = middle; i < to; i++) {
            order[i] = right >= to || (left < middle && compare(buffer[left], buffer[right]) <= 0)
                    ? buffer[left++] : buffer[right++];
        }
    }

    /** Positive when the kept row {@code a} is newer than the kept row {@code b}. */
    private int compare(int a, int b) {
        return compare(updated[a], outliers == null ? null : outliers[a], position[a], b);
    }

    /** Positive when a row with these keys is newer than the kept row {@code b}. */
    private int compare(long updatedAt, Instant outlier, long lastPosition, int b) {
        Instant outlierB = outliers == null ? null : outliers[b];
        int byInstant = outlier == null && outlierB == null ? Long.compare(updatedAt, updated[b])
                : instant(updatedAt, outlier).compareTo(instant(updated[b], outlierB));
        return byInstant != 0 ? byInstant : Long.compare(lastPosition, position[b]);
    }

    private static Instant instant(long nanos, Instant outlier) {
        return outlier != null ? outlier
                : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
