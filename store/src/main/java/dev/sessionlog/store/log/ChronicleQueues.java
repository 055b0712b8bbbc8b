package dev.sessionlog.store.log;

import java.nio.file.Path;
import java.util.ServiceLoader;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Builds the store's Chronicle queue. The static initializer turns Chronicle's analytics and startup
 * announcements off before any Chronicle class initialises, so no queue this store opens can phone
 * home even when the JVM was started without the flags (the analytics jar is also excluded from the
 * dependency tree).
 */
public final class ChronicleQueues {
    static {
        silence();
    }

    /**
     * How long Chronicle waits for a header another writer left incomplete before recovering it. A
     * process killed while starting a day file leaves its first header incomplete; with Chronicle's
     * default wait every later open hung there (seen in the crash test). This store has one writer,
     * guarded by an OS lock, so an incomplete header found at open belongs to a dead process: the
     * writer recovers it after this wait, and a reader stops waiting and reads what is complete.
     */
    private static final long RECOVERY_TIMEOUT_MS = 1_000;

    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private ChronicleQueues() {}

    /**
     * Turns Chronicle's analytics, announcements and disk-space monitor thread off, and SLF4J's
     * "no providers" notice when the embedder brought no logger (Chronicle logs through SLF4J; a
     * gateway that has a logger keeps every SLF4J message); idempotent.
     */
    public static void silence() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("chronicle.disk.monitor.disable", "true");
        if (System.getProperty(SLF4J_VERBOSITY) == null && ServiceLoader.load(SLF4JServiceProvider.class,
                ChronicleQueues.class.getClassLoader()).findFirst().isEmpty()) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
    }

    /**
     * Opens (creating when writable) the queue in {@code logDir} with the store's fixed format.
     * {@code syncMode} decides what an appender's {@code sync()} does: {@code SYNC} waits for the disk
     * (msync MS_SYNC); Chronicle's default, {@code ASYNC}, only schedules the write-back.
     */
    static SingleChronicleQueue open(Path logDir, StoreMetadata metadata, boolean readOnly, SyncMode syncMode) {
        return builder(logDir, metadata, readOnly, syncMode).build();
    }

    /** The builder {@link #open} builds, for a log that needs more (a time of its own). */
    static SingleChronicleQueueBuilder builder(Path logDir, StoreMetadata metadata, boolean readOnly,
                                              SyncMode syncMode) {
        return SingleChronicleQueueBuilder.binary(logDir)
                .rollCycle(RollCycles.valueOf(metadata.rollCycle()))
                .blockSize(metadata.blockSize())
                .readOnly(readOnly)
                .timeoutMS(RECOVERY_TIMEOUT_MS)
                .syncMode(syncMode);
    }
}
