package dev.sessionlog.kafka;

/**
 * How a position names its partition: the partition number in the high bits, a counter that the
 * partition's writer increments per event in the low {@value #COUNTER_BITS}. Positions are then
 * unique in the store (4096 partitions take 12 bits: every position stays positive) and increasing (by one, per event) within a partition, as the contract asks,
 * and {@code StoreCursor} positions of partition 0 are plain counts, as in a store of one partition.
 *
 * <p>Why a counter and not the Kafka offset: the writer must give an event its position before the
 * record is sent (the ledger commits each append of a batch before the next is planned), and Kafka
 * gives offsets only after; transaction markers and foreign records take offsets too. A counter
 * continued by each new owner from its replica is known in advance, and a reader can check that
 * every record continues it, which a record written by anyone but the partition's writer rarely does.
 */
final class Positions {
    /** Bits of the per-partition counter: 2^51 events per partition. */
    static final int COUNTER_BITS = 51;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private Positions() {}

    /** The position of the first event of {@code partition}. */
    static long first(int partition) {
        return (long) partition << COUNTER_BITS;
    }

    /** The partition that holds {@code position}. */
    static int partitionOf(long position) {
        return (int) (position >>> COUNTER_BITS);
    }

    /** Whether {@code count} more events fit in {@code partition} after {@code next}. */
    static boolean fits(int partition, long next, int count) {
        return partitionOf(next) == partition && (next & COUNTER_MASK) + count <= COUNTER_MASK;
    }
}
