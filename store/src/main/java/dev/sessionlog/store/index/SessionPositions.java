package dev.sessionlog.store.index;

import dev.sessionlog.store.log.Positions;

/**
 * The log positions of one session's events, a view of its row in the {@link PositionIndex}:
 * {@code position(sequence)} is an array lookup, so reading the newest 50 of 50,000 events touches
 * 50 records. Live: each call reads the row as it is then (see the index's notes on threads), so
 * {@link #size()} grows as the writer appends. About 8 bytes of heap per event past the first
 * {@value PositionIndex#INLINE}, which the row holds.
 */
public final class SessionPositions {
    private final PositionIndex index;
    private final int slot;

    SessionPositions(PositionIndex index, int slot) {
        this.index = index;
        this.slot = slot;
    }

    /** How many events: the last sequence. */
    public int size() {
        return index.size(slot);
    }

    /** The positions of sequences {@code from .. from + count - 1}, bounded by the size. */
    public long[] range(long from, int count) {
        return index.range(slot, from, count);
    }

    /** The position of {@code sequence}, or {@link Positions#ABSENT} when there is none. */
    public long position(long sequence) {
        return index.position(slot, sequence);
    }

    /** Whether the session was deleted. */
    public boolean deleted() {
        return index.deleted(slot);
    }

    /** Views of the same session of the same index are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SessionPositions positions && positions.index == index && positions.slot == slot;
    }

    @Override
    public int hashCode() {
        return slot;
    }
}
