package dev.sessionlog.benchmarks;

import dev.sessionlog.kafka.KafkaCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka brokers of a benchmark JVM, by cluster size: real brokers in child JVMs
 * ({@link KafkaCluster}), started at the first trial that asks and stopped when the JVM exits, so
 * that every trial of a fork shares them.
 */
final class LocalBrokers {
    /** The production JIT (the tests' brokers stop at C1 to start faster), 1 GB of heap each. */
    private static final List<String> BROKER_JVM_OPTIONS = List.of("-Xmx1g");
    private static final Map<Integer, KafkaCluster> CLUSTERS = new HashMap<>();

    private LocalBrokers() {}

    static synchronized KafkaCluster of(int size) {
        return CLUSTERS.computeIfAbsent(size, s -> {
            KafkaCluster started = KafkaCluster.start(s, BROKER_JVM_OPTIONS);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop the Kafka brokers"));
            return started;
        });
    }
}
