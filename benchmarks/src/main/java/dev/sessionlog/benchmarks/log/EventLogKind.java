package dev.sessionlog.benchmarks.log;

import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.ChronicleStoreOptions.Durability;
import java.nio.file.Path;

/**
 * The designs behind {@link EventLog}, as a JMH {@code @Param}. sessionlog's designs open a store of
 * the partitions asked for; the others have no partitions and ignore them.
 */
public enum EventLogKind {
    /** sessionlog's {@code ChronicleSessionStore}, acknowledging once in the page cache. */
    SESSIONLOG_BUFFERED {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new SessionlogEventLog(directory, Durability.BUFFERED, partitions);
        }
    },
    /** sessionlog's {@code ChronicleSessionStore}, acknowledging after the batch's sync. */
    SESSIONLOG_SYNC {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new SessionlogEventLog(directory, Durability.SYNC, partitions);
        }
    },
    /**
     * {@code SESSIONLOG_BUFFERED} behind {@code sessionlog serve}'s HTTP API on loopback, one
     * kept-alive connection per caller.
     */
    SESSIONLOG_HTTP {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new HttpEventLog(directory, partitions);
        }
    },
    /** Pre-encoded bytes appended to a Chronicle queue: no codec, no sequencing, no index. */
    RAW_CHRONICLE {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new RawChronicleLog(directory);
        }
    },
    /** A JSONL file per session written under a {@code .jsonl.lock} file, without fsync. */
    JSONL_LOCK {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new LockFileJsonlLog(directory, false);
        }
    },
    /** A JSONL file per session written under a {@code .jsonl.lock} file, fsync per append. */
    JSONL_LOCK_FSYNC {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new LockFileJsonlLog(directory, true);
        }
    },
    /** A SQLite {@code transcript_events} table, WAL mode, {@code synchronous=NORMAL}. */
    SQLITE_NORMAL {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new SqliteLog(directory, SqliteLog.Synchronous.NORMAL);
        }
    },
    /** A SQLite {@code transcript_events} table, WAL mode, {@code synchronous=FULL}. */
    SQLITE_FULL {
        @Override
        public EventLog open(Path directory, int partitions) {
            return new SqliteLog(directory, SqliteLog.Synchronous.FULL);
        }
    };

    /**
     * Opens this design's log in {@code directory}, an existing empty or previously used directory;
     * a sessionlog store gets the default partitions (one per available processor).
     */
    public EventLog open(Path directory) {
        return open(directory, ChronicleStoreOptions.defaultPartitions());
    }

    /** Opens this design's log in {@code directory}; a sessionlog store created there gets {@code partitions}. */
    public abstract EventLog open(Path directory, int partitions);

    /**
     * The partitions a benchmark's {@code partitions} parameter names: a number, or {@code cores}
     * for the store's default (one per available processor: the count a results table should state).
     */
    public static int partitions(String parameter) {
        return "cores".equals(parameter) ? ChronicleStoreOptions.defaultPartitions() : Integer.parseInt(parameter);
    }
}
