package dev.sessionlog.store.internal;

import static dev.sessionlog.internal.Preconditions.requireState;

/**
 * An event's position: the Chronicle index of its record shifted left 8 bits, plus its slot in the
 * record. Positions increase in append order across all sessions, as {@code RecordedEvent} requires,
 * and {@code moveToIndex(position >>> 8)} finds the record directly.
 */
public final class Positions {
    private static final int SLOT_BITS = 8;

    private Positions() {}

    /** The position of event {@code slot} of the record at Chronicle index {@code index}. */
    public static long of(long index, int slot) {
        requireState(index >= 0 && index < 1L << (63 - SLOT_BITS), "Chronicle index %s does not fit a position", index);
        return (index << SLOT_BITS) | slot;
    }

    /** The Chronicle index of the record holding {@code position}. */
    public static long index(long position) {
        return position >>> SLOT_BITS;
    }

    /** The slot of {@code position} in its record. */
    public static int slot(long position) {
        return (int) (position & ((1 << SLOT_BITS) - 1));
    }
}
