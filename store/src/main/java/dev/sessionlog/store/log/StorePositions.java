package dev.sessionlog.store.log;

import dev.sessionlog.RecordedEvent;

/**
 * The positions one partition's events have in the store, as {@link RecordedEvent#position()} and
 * subscriptions' cursors name them, made from their positions in the partition's own log
 * ({@link Positions}: the Chronicle index shifted left 14 bits, plus the slot). Everything inside a
 * partition (its index, its ledger, its checkpoints) works with log positions; the store turns them
 * into store positions where an event or an append result leaves it.
 *
 * <p>With one partition the two are the same: positions are exactly what they were before stores had
 * partitions. With {@code P > 1} a store position must name its partition too, within 63 bits:
 * <pre>
 * partition (b bits, b = ceil(log2 P)) | day (16 bits) | record of the day (33 - b bits, at most 32) | slot (14 bits)
 * </pre>
 * A log position spends 32 bits on the record of the day; a partition of a store with more than two
 * partitions can therefore number fewer records a day: 2^31 with up to 4 partitions, 2^29 with up to
 * 16, 2^27 (134 million, 1,550 a second all day long) with 64. The writer refuses a record beyond
 * that ({@link #recordsPerDay()}) until the next UTC day. Sixteen bits of day reach the year 2149.
 * Store positions increase in append order within a partition, as log positions do; positions of
 * different partitions never collide, and compare only as numbers.
 *
 * <p>Immutable; any thread.
 */
public final class StorePositions {
    private static final int SLOT_BITS = 14;
    private static final int DAY_BITS = 16;
    /** Where the day starts in a log position: Chronicle's {@code FAST_DAILY} keeps 32 bits of record number. */
    private static final int LOG_DAY_SHIFT = SLOT_BITS + 32;

    private final int partition;
    private final int partitions;
    private final boolean identity;
    private final int recordBits;
    private final int dayShift;
    private final int partitionShift;

    private StorePositions(int partition, int partitions) {
        if (partitions < 1 || partitions > StoreMetadata.MAX_PARTITIONS || partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " of " + partitions);
        }
        int partitionBits = 32 - Integer.numberOfLeadingZeros(partitions - 1);
        this.partition = partition;
        this.partitions = partitions;
        this.identity = partitions == 1;
        this.recordBits = Math.min(32, 33 - partitionBits);
        this.dayShift = SLOT_BITS + recordBits;
        this.partitionShift = dayShift + DAY_BITS;
    }

    /** The positions of partition {@code partition} of a store of {@code partitions}. */
    public static StorePositions of(int partition, int partitions) {
        return new StorePositions(partition, partitions);
    }

    /** The partition. */
    public int partition() {
        return partition;
    }

    /** How many partitions the store has. */
    public int partitionCount() {
        return partitions;
    }

    /** Whether store positions are the log positions themselves: a store of one partition. */
    public boolean identity() {
        return identity;
    }

    /** How many records one day of this partition's log can hold, as far as store positions can number them. */
    public long recordsPerDay() {
        return 1L << recordBits;
    }

    /**
     * The store position of the event at {@code logPosition} of this partition's log; a negative
     * log position ({@link Positions#ABSENT}) stays as it is.
     *
     * @throws IllegalStateException when the record lies beyond what a day can number ({@link #recordsPerDay()})
     */
    public long toStore(long logPosition) {
        if (identity || logPosition < 0) {
            return logPosition;
        }
        long day = logPosition >>> LOG_DAY_SHIFT;
        long withinDay = logPosition & ((1L << LOG_DAY_SHIFT) - 1);
        if (day >= 1L << DAY_BITS || withinDay >= 1L << dayShift) {
            throw new IllegalStateException("log position " + logPosition + " of partition " + partition
                    + " cannot be numbered in the store: record " + (withinDay >>> SLOT_BITS) + " of day " + day);
        }
        return (long) partition << partitionShift | day << dayShift | withinDay;
    }

    /**
     * The log position in this partition from which events are at or after {@code storePosition}:
     * 0 when every event of this partition is (a position of a lower partition, or 0), and
     * {@code Long.MAX_VALUE} when none is (a position of a higher partition).
     */
    public long toLog(long storePosition) {
        if (identity || storePosition <= 0) {
            return Math.max(0, storePosition);
        }
        long named = storePosition >>> partitionShift;
        if (named != partition) {
            return named < partition ? 0 : Long.MAX_VALUE;
        }
        long day = (storePosition >>> dayShift) & ((1L << DAY_BITS) - 1);
        long withinDay = storePosition & ((1L << dayShift) - 1);
        return day << LOG_DAY_SHIFT | withinDay;
    }

    /**
     * {@code event} (read from this partition's log, positioned there) as the store hands it out:
     * at its store position, naming its partition. The same event with one partition.
     */
    public RecordedEvent publish(RecordedEvent event) {
        if (identity) {
            return event;
        }
        return new RecordedEvent(toStore(event.position()), event.sessionId(), event.sequence(), event.eventId(),
                event.recordedAt(), event.event(), event.metadata(), partition);
    }
}
