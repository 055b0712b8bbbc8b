package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.store.log.StoreMetadata;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link ChronicleSessionStore} is opened for writing. Build one with {@link #builder()};
 * {@link #defaults()} suits a gateway.
 *
 * @param durability when an append is acknowledged
 * @param writerQueueCapacity the most appends waiting for the writer; one more fails at once with
 *     {@link dev.sessionlog.StoreBusyException}
 * @param diskReserveBytes appends are refused with {@link dev.sessionlog.StoreFullException} while the
 *     disk holding the store has less usable space than this (plus the batch being written); at least
 *     {@link #MIN_DISK_RESERVE_BYTES}
 * @param checkpointEveryEvents the index and the ledger are checkpointed to disk after this many appended events, or
 *     after a quarter of the events the last checkpoint covered if that is more (a checkpoint
 *     rewrites all it covers, so this keeps its cost constant per event), and on close
 * @param watchdogInterval how often calls past their deadline are looked for; {@link Duration#ZERO}
 *     turns the scheduled watchdog off (call {@link ChronicleSessionStore#endOverdueCalls()} yourself)
 * @param clock the store's clock: recordedAt times and deadlines
 * @param partitions how many partitions a store created with these options has, 1 to
 *     {@link #MAX_PARTITIONS}: each is a log of its own with a writer of its own, so appends to
 *     sessions of different partitions never wait for each other (a session's partition is a hash of
 *     its id). A store keeps the count it was created with: opening an existing store ignores this.
 *     {@code writerQueueCapacity} and {@code checkpointEveryEvents} apply to each partition.
 */
public record ChronicleStoreOptions(Durability durability, int writerQueueCapacity, long diskReserveBytes,
                                    int checkpointEveryEvents, Duration watchdogInterval, Clock clock,
                                    int partitions) {

    /** The most partitions a store may have: 64. */
    public static final int MAX_PARTITIONS = StoreMetadata.MAX_PARTITIONS;

    /** The default reserve of free disk space: 64 MiB. */
    public static final long DEFAULT_DISK_RESERVE_BYTES = 64L << 20;

    /**
     * The smallest reserve of free disk space: 16 MiB, the largest record (8 MiB) and as much again.
     * The log is a memory-mapped file: a write into a page the full disk cannot back is a fault in
     * the JVM, not an I/O error, and can leave the log unreadable. The reserve must hold whatever
     * one write may need beyond the record's own bytes (Chronicle's index and the header of a new day
     * file, page rounding) and whatever other writers take between two readings of the free space.
     * With less (a zero reserve filled a disk in tests), a full disk turned into a damaged store.
     */
    public static final long MIN_DISK_RESERVE_BYTES = 16L << 20;

    /** When an append is acknowledged, and therefore what an acknowledged event survives. */
    public enum Durability {
        /**
         * Acknowledged once written to the memory-mapped log, i.e. in the operating system's page
         * cache: survives the gateway process crashing or being killed (kill -9), not a power loss
         * or kernel crash before the kernel writes the page back.
         */
        BUFFERED,
        /**
         * Acknowledged after the log is synced ({@code fdatasync}) to the disk by a sync that
         * began after the append was written; one sync covers every batch of appends written
         * before it, and the next batch is written while it runs (a pipelined group commit):
         * survives power loss as far as the disk honours the sync.
         */
        SYNC
    }

    /** Validates every field. */
    public ChronicleStoreOptions {
        requireArgument(durability != null, "durability must not be null");
        requireArgument(writerQueueCapacity >= 1 && writerQueueCapacity <= 1 << 20,
                "writer queue capacity must be between 1 and %s, was %s", 1 << 20, writerQueueCapacity);
        requireArgument(diskReserveBytes >= MIN_DISK_RESERVE_BYTES, "disk reserve must be at least %s bytes (the"
                + " largest record and as much again: a write that finds the disk full faults the memory-mapped log),"
                + " was %s", MIN_DISK_RESERVE_BYTES, diskReserveBytes);
        requireArgument(checkpointEveryEvents >= 1, "checkpoint interval must be at least 1 event, was %s",
                checkpointEveryEvents);
        requireArgument(watchdogInterval != null && !watchdogInterval.isNegative(),
                "watchdog interval must not be null or negative");
        requireArgument(clock != null, "clock must not be null");
        requireArgument(partitions >= 1 && partitions <= MAX_PARTITIONS, "partitions must be between 1 and %s, was %s",
                MAX_PARTITIONS, partitions);
    }

    /** Options for a store of {@link #defaultPartitions()} partitions. */
    public ChronicleStoreOptions(Durability durability, int writerQueueCapacity, long diskReserveBytes,
                                 int checkpointEveryEvents, Duration watchdogInterval, Clock clock) {
        this(durability, writerQueueCapacity, diskReserveBytes, checkpointEveryEvents, watchdogInterval, clock,
                defaultPartitions());
    }

    /**
     * The partitions a new store gets unless told otherwise: one per processor available to this JVM,
     * at most {@link #MAX_PARTITIONS}, so that appends to different sessions use every core.
     */
    public static int defaultPartitions() {
        return Math.min(MAX_PARTITIONS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * BUFFERED, a queue of 4,096 appends, 64 MiB reserve, a checkpoint every 100,000 events, a watchdog
     * every second, and for a new store {@link #defaultPartitions()} partitions.
     */
    public static ChronicleStoreOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** These options with another durability. */
    public ChronicleStoreOptions withDurability(Durability newDurability) {
        return new ChronicleStoreOptions(newDurability, writerQueueCapacity, diskReserveBytes, checkpointEveryEvents,
                watchdogInterval, clock, partitions);
    }

    /** These options with another partition count, for a store they create. */
    public ChronicleStoreOptions withPartitions(int newPartitions) {
        return new ChronicleStoreOptions(durability, writerQueueCapacity, diskReserveBytes, checkpointEveryEvents,
                watchdogInterval, clock, newPartitions);
    }

    /** Builds {@link ChronicleStoreOptions}; every setter validates when {@link #build()} runs. */
    public static final class Builder {
        private Durability durability = Durability.BUFFERED;
        private int writerQueueCapacity = 4096;
        private long diskReserveBytes = DEFAULT_DISK_RESERVE_BYTES;
        private int checkpointEveryEvents = 100_000;
        private Duration watchdogInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private int partitions = defaultPartitions();

        private Builder() {}

        /** When appends are acknowledged. */
        public Builder durability(Durability value) {
            this.durability = value;
            return this;
        }

        /** The most appends waiting for the writer. */
        public Builder writerQueueCapacity(int value) {
            this.writerQueueCapacity = value;
            return this;
        }

        /** The free space below which appends are refused. */
        public Builder diskReserveBytes(long value) {
            this.diskReserveBytes = value;
            return this;
        }

        /** How many appended events between index checkpoints. */
        public Builder checkpointEveryEvents(int value) {
            this.checkpointEveryEvents = value;
            return this;
        }

        /** How often the deadline watchdog runs; zero turns it off. */
        public Builder watchdogInterval(Duration value) {
            this.watchdogInterval = value;
            return this;
        }

        /** The store's clock. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How many partitions a store created with these options has; an existing store keeps its own. */
        public Builder partitions(int value) {
            this.partitions = value;
            return this;
        }

        /** The options. */
        public ChronicleStoreOptions build() {
            return new ChronicleStoreOptions(durability, writerQueueCapacity, diskReserveBytes, checkpointEveryEvents,
                    watchdogInterval, clock, partitions);
        }
    }
}
