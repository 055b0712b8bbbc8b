package dev.sessionlog.kafka;

import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreContract;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole contract against one real broker, one node and one partition: every test gets a store
 * of its own (its own topics and group), and {@link #reopen} closes the node and opens it again on
 * the same topics.
 */
class KafkaSessionStoreContractIT extends SessionStoreContract {
    private static final AtomicInteger STORES = new AtomicInteger();
    private String storeName;

    @Override
    protected SessionStore openStore(Clock clock) {
        storeName = "contract-" + STORES.incrementAndGet();
        return KafkaSessionStore.open(options(clock));
    }

    @Override
    protected SessionStore reopen(SessionStore old, Clock clock) {
        old.close();
        return KafkaSessionStore.open(options(clock));
    }

    private KafkaStoreOptions options(Clock clock) {
        return KafkaStoreOptions.builder(SharedBroker.bootstrapServers())
                .storeName(storeName)
                .nodeId("node-1")
                .partitions(1)
                .replicationFactor(1)
                .minInSyncReplicas(1)
                .groupSessionTimeout(Duration.ofSeconds(3))
                .watchdogInterval(Duration.ZERO)
                .clock(clock)
                .build();
    }
}
