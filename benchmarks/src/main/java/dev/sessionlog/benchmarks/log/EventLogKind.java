package dev.sessionlog.benchmarks.log;

import dev.sessionlog.store.ChronicleStoreOptions.Durability;
import java.nio.file.Path;

/** The designs behind {@link EventLog}, as a JMH {@code @Param}. */
public enum EventLogKind {
    /** sessionlog's {@code ChronicleSessionStore}, acknowledging once in the page cache. */
    SESSIONLOG_BUFFERED {
        @Override
        public EventLog open(Path directory) {
            return new SessionlogEventLog(directory, Durability.BUFFERED);
        }
    },
    /** sessionlog's {@code ChronicleSessionStore}, acknowledging after the batch's sync. */
    SESSIONLOG_SYNC {
        @Override
        public EventLog open(Path directory) {
            return new SessionlogEventLog(directory, Durability.SYNC);
        }
    },
    /**
     * {@code SESSIONLOG_BUFFERED} behind {@code sessionlog serve}'s HTTP API on loopback, one
     * kept-alive connection per caller.
     */
    SESSIONLOG_HTTP {
        @Override
        public EventLog open(Path directory) {
            return new HttpEventLog(directory);
        }
    },
    /** Pre-encoded bytes appended to a Chronicle queue: no codec, no sequencing, no index. */
    RAW_CHRONICLE {
        @Override
        public EventLog open(Path directory) {
            return new RawChronicleLog(directory);
        }
    },
    /** A JSONL file per session written under a {@code .jsonl.lock} file, without fsync. */
    JSONL_LOCK {
        @Override
        public EventLog open(Path directory) {
            return new LockFileJsonlLog(directory, false);
        }
    },
    /** A JSONL file per session written under a {@code .jsonl.lock} file, fsync per append. */
    JSONL_LOCK_FSYNC {
        @Override
        public EventLog open(Path directory) {
            return new LockFileJsonlLog(directory, true);
        }
    },
    /** A SQLite {@code transcript_events} table, WAL mode, {@code synchronous=NORMAL}. */
    SQLITE_NORMAL {
        @Override
        public EventLog open(Path directory) {
            return new SqliteLog(directory, SqliteLog.Synchronous.NORMAL);
        }
    },
    /** A SQLite {@code transcript_events} table, WAL mode, {@code synchronous=FULL}. */
    SQLITE_FULL {
        @Override
        public EventLog open(Path directory) {
            return new SqliteLog(directory, SqliteLog.Synchronous.FULL);
        }
    };

    /** Opens this design's log in {@code directory}, an existing empty or previously used directory. */
    public abstract EventLog open(Path directory);
}
