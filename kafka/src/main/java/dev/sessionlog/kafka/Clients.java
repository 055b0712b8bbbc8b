package dev.sessionlog.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of each Kafka client a node makes, in one place: the user's client properties first,
 * then the store's own, which the store's guarantees depend on and which therefore win.
 */
final class Clients {
    /** The largest record the store writes: an append at the size limit, with framing and headroom. */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** The largest request a producer sends: a forwarded append may exceed the limit the owner refuses it for. */
    static final int MAX_REQUEST_BYTES = 2 * MAX_RECORD_BYTES;

    private final KafkaStoreOptions options;

    Clients(KafkaStoreOptions options) {
        this.options = options;
    }

    private Properties base(String role) {
        Properties p = new Properties();
        p.putAll(options.clientProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, options.storeName() + "." + options.nodeId() + "." + role);
        return p;
    }

    /** Admin settings. */
    Properties admin() {
        return base("admin");
    }

    /** A consumer of committed records only, outside any group. */
    Properties reader(String role) {
        Properties p = base(role);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /**
     * The member of the store's consumer group: its assignment of the requests topic is the node's
     * ownership of partitions. Cooperative rebalancing, so that partitions that stay keep their
     * writer; the classic protocol, so that the session timeout is the store's to set.
     */
    Properties member() {
        Properties p = reader("member");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.storeName());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        long session = options.groupSessionTimeout().toMillis();
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(10, session / 4)));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        return p;
    }

    /** The producer that forwards appends: idempotent, acknowledged by every in-sync replica. */
    Properties forwarder() {
        Properties p = producer("forwarder");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    /**
     * The writer of one partition: a transactional producer whose id names the store and the
     * partition, so that the next owner's {@code initTransactions()} fences this one.
     */
    Properties writer(int partition) {
        Properties p = producer("writer-" + partition);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(options.storeName(), partition));
        return p;
    }

    /** The transactional id of a partition's writer. */
    static String transactionalId(String storeName, int partition) {
        return storeName + ".writer." + partition;
    }

    private Properties producer(String role) {
        Properties p = base(role);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST_BYTES));
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(
                Math.max(options.patience().toMillis(), 30_000 + 1)));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(options.patience().toMillis()));
        return p;
    }

    /** Topic settings beyond partitions and replication, by topic role. */
    static Map<String, String> topicConfig(String role, int minInSyncReplicas) {
        String maxBytes = Integer.toString(role.equals("requests") ? MAX_REQUEST_BYTES : MAX_RECORD_BYTES);
        return switch (role) {
            case "events" -> Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1",
                    "min.insync.replicas", Integer.toString(minInSyncReplicas), "max.message.bytes", maxBytes);
            case "requests" -> Map.of("retention.ms", Long.toString(24L * 3600 * 1000),
                    "min.insync.replicas", Integer.toString(minInSyncReplicas), "max.message.bytes", maxBytes);
            case "replies" -> Map.of("retention.ms", Long.toString(3600L * 1000),
                    "min.insync.replicas", Integer.toString(minInSyncReplicas), "max.message.bytes", maxBytes);
            // compacted to the newest snapshot per partition; an hour's segments, so that old ones go soon
            case "snapshots" -> Map.of("cleanup.policy", "compact", "segment.ms", Long.toString(3600L * 1000),
                    "min.insync.replicas", Integer.toString(minInSyncReplicas), "max.message.bytes", maxBytes);
            default -> throw new IllegalArgumentException(role);
        };
    }
}
