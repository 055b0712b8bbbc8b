package dev.sessionlog.store;

import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chronicle store of several partitions keeps the whole store contract, reopening included:
 * four partitions, so that the contract's sessions land in different ones.
 */
class PartitionedStoreContractTest extends SessionStoreContract {
    private static final int PARTITIONS = 4;
    private final AtomicInteger stores = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected SessionStore openStore(Clock clock) {
        return ChronicleSessionStore.open(dir.resolve("store-" + stores.incrementAndGet()), options(clock));
    }

    @Override
    protected SessionStore reopen(SessionStore old, Clock clock) {
        Path directory = ((ChronicleSessionStore) old).directory();
        old.close();
        return ChronicleSessionStore.open(directory, options(clock));
    }

    private static ChronicleStoreOptions options(Clock clock) {
        return ChronicleStoreOptions.builder().clock(clock).watchdogInterval(Duration.ZERO).partitions(PARTITIONS)
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
    }
}
