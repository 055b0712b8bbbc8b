package dev.sessionlog.store.internal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * Builds the store's Chronicle queue. The static initializer turns Chronicle's analytics and startup
 * announcements off before any Chronicle class initialises, so no queue this store opens can phone
 * home even when the JVM was started without the flags (the analytics jar is also excluded from the
 * dependency tree).
 */
public final class ChronicleQueues {
    static {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("chronicle.disk.monitor.disable", "true");
        System.setProperty("disable.resource.warning", "true");
    }

    private ChronicleQueues() {}

    /** Opens (creating when writable) the queue in {@code logDir} with the store's fixed format. */
    public static SingleChronicleQueue open(Path logDir, StoreMetadata metadata, boolean readOnly) {
        return SingleChronicleQueueBuilder.binary(logDir)
                .rollCycle(RollCycles.valueOf(metadata.rollCycle()))
                .blockSize(metadata.blockSize())
                .readOnly(readOnly)
                .build();
    }
}
