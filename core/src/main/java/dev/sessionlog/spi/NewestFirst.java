package dev.sessionlog.spi;

import dev.sessionlog.SessionSummary;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The {@code limit} most recently updated of the rows offered to it, newest first, by the newest
 * event's instant, then its log position. What a listing of the session index keeps while it reads
 * every row once: up to the limit, each row offered is kept; past it, a bounded heap whose root is
 * the oldest row kept, so a row older than all of them costs one comparison.
 *
 * <p>Kept rows are copies of their primitives in arrays, not summaries: the list it returns
 * ({@link #newestFirst}) makes each {@link SessionSummary} when it is read. A listing of a million
 * sessions thus allocates some arrays instead of a million summaries with their ids, keys and
 * instants, which the garbage collector would copy while the list lives; and the list is still a
 * snapshot, since the rows were copied as they were when read. One thread.
 */
final class NewestFirst {
    private final int limit;
    private int size;
    /** The kept rows, by storage index. */
    private int[] slot;
    private int[] key;
    private int[] profile;
    private int[] flags;
    private int[] lastSequence;
    private int[] messageCount;
    private int[] openCalls;
    private long[] totalTokens;
    private long[] createdAt;
    private long[] updatedAt;
    private long[] lastPosition;
    /** Instants a nanosecond count cannot hold, by storage index; null while there is none. */
    private Instant[] createdOutliers;
    private Instant[] updatedOutliers;
    /** Once the limit is reached: storage indices as a heap, oldest at the root. */
    private int[] heap;

    /** Keeps at most {@code limit} rows; {@code expected} is how many will likely be offered, to size the arrays. */
    NewestFirst(int limit, int expected) {
        this.limit = limit;
        allocate(Math.max(1, Math.min(limit, expected)));
    }

    /** Whether {@code row} would be kept: the limit is not reached, or it is newer than the oldest kept. */
    boolean wouldKeep(SessionEntries.Row row) {
        return size < limit || compare(row.updatedAt, row.updatedOutlier, row.lastPosition, heap[0]) > 0;
    }

    /** Keeps a copy of {@code row}, the row of {@code rowSlot}; only when {@link #wouldKeep} said so. */
    void keep(SessionEntries.Row row, int rowSlot) {
        if (size < limit) {
            if (size == slot.length) {
                allocate((int) Math.min(limit, size * 2L));
            }
            store(size++, row, rowSlot);
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
        store(heap[0], row, rowSlot);
        siftDown(0);
    }

    /** The kept rows, newest first, as summaries of the sessions of {@code entries} made when read. */
    List<SessionSummary> newestFirst(SessionEntries entries) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size);
        return new Listed(entries, order);
    }

    private void allocate(int capacity) {
        slot = slot == null ? new int[capacity] : Arrays.copyOf(slot, capacity);
        key = key == null ? new int[capacity] : Arrays.copyOf(key, capacity);
        profile = profile == null ? new int[capacity] : Arrays.copyOf(profile, capacity);
        flags = flags == null ? new int[capacity] : Arrays.copyOf(flags, capacity);
        lastSequence = lastSequence == null ? new int[capacity] : Arrays.copyOf(lastSequence, capacity);
        messageCount = messageCount == null ? new int[capacity] : Arrays.copyOf(messageCount, capacity);
        openCalls = openCalls == null ? new int[capacity] : Arrays.copyOf(openCalls, capacity);
        totalTokens = totalTokens == null ? new long[capacity] : Arrays.copyOf(totalTokens, capacity);
        createdAt = createdAt == null ? new long[capacity] : Arrays.copyOf(createdAt, capacity);
        updatedAt = updatedAt == null ? new long[capacity] : Arrays.copyOf(updatedAt, capacity);
        lastPosition = lastPosition == null ? new long[capacity] : Arrays.copyOf(lastPosition, capacity);
        createdOutliers = createdOutliers == null ? null : Arrays.copyOf(createdOutliers, capacity);
        updatedOutliers = updatedOutliers == null ? null : Arrays.copyOf(updatedOutliers, capacity);
    }

    private void store(int index, SessionEntries.Row row, int rowSlot) {
        slot[index] = rowSlot;
        key[index] = row.key;
        profile[index] = row.profile;
        flags[index] = row.flags;
        lastSequence[index] = row.lastSequence;
        messageCount[index] = row.messageCount;
        openCalls[index] = row.openCalls;
        totalTokens[index] = row.totalTokens;
        createdAt[index] = row.createdAt;
        updatedAt[index] = row.updatedAt;
        lastPosition[index] = row.lastPosition;
        if ((row.createdOutlier != null || row.updatedOutlier != null) && createdOutliers == null) {
            createdOutliers = new Instant[slot.length];
            updatedOutliers = new Instant[slot.length];
        }
        if (createdOutliers != null) {
            createdOutliers[index] = row.createdOutlier;
            updatedOutliers[index] = row.updatedOutlier;
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
        return compare(updatedAt[a], updatedOutliers == null ? null : updatedOutliers[a], lastPosition[a], b);
    }

    /** Positive when a row with these keys is newer than the kept row {@code b}. */
    private int compare(long updated, Instant outlier, long position, int b) {
        Instant outlierB = updatedOutliers == null ? null : updatedOutliers[b];
        int byInstant = outlier == null && outlierB == null ? Long.compare(updated, updatedAt[b])
                : instant(updated, outlier).compareTo(instant(updatedAt[b], outlierB));
        return byInstant != 0 ? byInstant : Long.compare(position, lastPosition[b]);
    }

    private static Instant instant(long nanos, Instant outlier) {
        return outlier != null ? outlier
                : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The kept rows in {@code order} read from its end (oldest first, so newest first from the end). */
    private final class Listed extends AbstractList<SessionSummary> implements RandomAccess {
        private final SessionEntries entries;
        private final int[] order;

        Listed(SessionEntries entries, int[] order) {
            this.entries = entries;
            this.order = order;
        }

        @Override
        public SessionSummary get(int index) {
            int i = order[order.length - 1 - index];
            SessionEntries.Row row = new SessionEntries.Row();
            row.key = key[i];
            row.profile = profile[i];
            row.flags = flags[i];
            row.lastSequence = lastSequence[i];
            row.messageCount = messageCount[i];
            row.openCalls = openCalls[i];
            row.totalTokens = totalTokens[i];
            row.createdAt = createdAt[i];
            row.updatedAt = updatedAt[i];
            row.lastPosition = lastPosition[i];
            row.createdOutlier = createdOutliers == null ? null : createdOutliers[i];
            row.updatedOutlier = updatedOutliers == null ? null : updatedOutliers[i];
            return entries.summary(entries.slots().id(slot[i]), row);
        }

        @Override
        public int size() {
            return order.length;
        }
    }
}
