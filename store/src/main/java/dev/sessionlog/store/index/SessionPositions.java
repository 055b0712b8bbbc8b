package dev.sessionlog.store.index;

import dev.sessionlog.store.log.Positions;
import java.util.Arrays;

/**
 * The log positions of one session's events: {@code position(sequence)} is a plain array lookup, so
 * reading the newest 50 of 50,000 events touches 50 records. One writer adds, any thread reads: the
 * array is published before the size, and it only grows, so a reader that sees size {@code n} sees
 * every element below {@code n}. About 8–12 bytes of heap per event.
 */
public final class SessionPositions {
    private volatile long[] positions = new long[4];
    private volatile int size;
    private volatile boolean deleted;

    /** Adds the position of the next sequence ({@code size() + 1}); one writer only. */
    void add(long position) {
        long[] current = positions;
        int n = size;
        if (n == current.length) {
            current = Arrays.copyOf(current, n + (n >> 1) + 1);
            current[n] = position;
            positions = current;
        } else {
            current[n] = position;
        }
        size = n + 1;
    }

    /** How many events: the last sequence. */
    public int size() {
        return size;
    }

    /** The positions of sequences {@code from .. from + count - 1}, bounded by the size. */
    public long[] range(long from, int count) {
        int n = size;
        long[] snapshot = positions;
        if (from < 1 || from > n || count <= 0) {
            return new long[0];
        }
        int start = (int) (from - 1);
        int end = (int) Math.min(n, (long) start + count);
        return Arrays.copyOfRange(snapshot, start, end);
    }

    /** The position of {@code sequence}, or {@link Positions#ABSENT} when there is none. */
    public long position(long sequence) {
        int n = size;
        long[] snapshot = positions;
        return sequence >= 1 && sequence <= n ? snapshot[(int) (sequence - 1)] : Positions.ABSENT;
    }

    /**
     * The positions as they are now, for a checkpoint: O(1), because the array is shared, not
     * copied. That is safe because positions below the size never change; later adds go past it
     * or into a new array.
     */
    Snapshot snapshot() {
        int n = size;
        return new Snapshot(positions, n, deleted);
    }

    /**
     * The positions of sequences 1 to {@code size} at one moment.
     *
     * @param positions holds them from index 0; read only below {@code size}, never change
     * @param size how many events
     * @param deleted whether the session was deleted
     */
    public record Snapshot(long[] positions, int size, boolean deleted) {}

    /** Marks the session deleted: its events are no longer readable through the API. */
    void markDeleted() {
        deleted = true;
    }

    /** Whether the session was deleted. */
    public boolean deleted() {
        return deleted;
    }
}
