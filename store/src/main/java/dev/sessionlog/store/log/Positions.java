package dev.sessionlog.store.log;

import static dev.sessionlog.util.Preconditions.requireState;

/**
 * An event's position: the Chronicle index of its record shifted left 14 bits, plus its slot in the
 * record. Positions increase in append order across all sessions, as {@code RecordedEvent} requires,
 * and {@code moveToIndex(position >>> 14)} finds the record directly.
 */
public final class Positions {
    /** 14 bits: an append holds at most 10,000 events. A daily Chronicle index is below 2^48 until the year 2300. */
    private static final int SLOT_BITS = 14;
    /** Where a sequence whose record could not be read is: nowhere. No real position is negative. */
    public static final long ABSENT = -1;

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
    static int slot(long position) {
        return (int) (position & ((1 << SLOT_BITS) - 1));
    }
}
