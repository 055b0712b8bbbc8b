package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;

/**
 * One partition of a store of many has written today as many records as its positions can number
 * (see {@code ChronicleStoreOptions.partitions}: 2^31 a day with up to 4 partitions, 2^27 with 64):
 * appends to its sessions are refused, not stored, until the next UTC day. Other partitions are
 * unaffected; a store of one partition never refuses this way.
 */
public final class PartitionFullException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final String directory;
    private final int partition;
    private final long recordsPerDay;

    /**
     * @param directory the store directory
     * @param partition the partition that is full
     * @param recordsPerDay the records a day of it may hold
     */
    public PartitionFullException(String directory, int partition, long recordsPerDay) {
        super("partition " + partition + " of the store " + directory + " holds " + recordsPerDay
                + " records today, the most a day of it can number; appends to its sessions are refused until"
                + " 00:00 UTC");
        this.directory = directory;
        this.partition = partition;
        this.recordsPerDay = recordsPerDay;
    }

    /** The store directory. */
    public String directory() {
        return directory;
    }

    /** The partition that is full. */
    public int partition() {
        return partition;
    }

    /** The records a day of it may hold. */
    public long recordsPerDay() {
        return recordsPerDay;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
