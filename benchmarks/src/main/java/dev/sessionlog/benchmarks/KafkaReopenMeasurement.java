package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.kafka.KafkaCluster;
import dev.sessionlog.kafka.KafkaSessionStore;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.util.List;
import java.util.UUID;

/**
 * <b>Question:</b> how long does a node of the Kafka store take to open again when it kept its copy
 * of the events ({@code durableReplica}, ADR 0023), against a node that reads the whole events topic,
 * at {@code sessions × events} stored events? Not JMH: an open is seconds of one-off work (consumer,
 * group, catch-up), timed in the same JVM for both kinds, alternately, {@code rounds} times.
 *
 * <p>On a local one-broker cluster (child JVM), 12 partitions: a durable node {@code node} writes
 * the sessions ({@link KafkaFill}) and closes; then, each round, that node opens again (it resumes
 * from its copy and reads from the topic only what is new: nothing) and closes, and a node of a new
 * id opens (it reads the whole topic) and closes. Each open is checked to hold every event.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.KafkaReopenMeasurement \
 *     [sessions=1000] [events per session=200] [rounds=3]
 * </pre>
 */
public final class KafkaReopenMeasurement {
    private static final int PARTITIONS = 12;

    private KafkaReopenMeasurement() {}

    /** Arguments: sessions, events per session, rounds (all optional). */
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long stored = (long) sessions * events;
        System.out.printf("%,d sessions of %,d events, %d partitions; load average %s%n", sessions, events,
                PARTITIONS, Machine.loadAverage());
        try (KafkaCluster cluster = KafkaCluster.start(1, List.of("-Xmx1g"));
             TempDirectory replicas = TempDirectory.create("kafka-reopen")) {
            String store = "reopen-" + UUID.randomUUID();
            try (KafkaSessionStore writer = KafkaSessionStore.open(options(cluster, replicas, store, "node", true))) {
                long started = System.nanoTime();
                KafkaFill.fill(writer, SessionIds.first(sessions), events);
                System.out.printf("wrote %,d events in %.1f s%n", stored, (System.nanoTime() - started) / 1e9);
            }
            for (int round = 1; round <= rounds; round++) {
                double resumed = timeOpen(options(cluster, replicas, store, "node", true), stored);
                double whole = timeOpen(options(cluster, replicas, store, "fresh-" + round, false), stored);
                System.out.printf("round %d: durable node resumed in %.2f s; a new node read the topic in %.2f s%n",
                        round, resumed, whole);
            }
        }
        System.out.println("load average " + Machine.loadAverage());
    }

    /** Seconds from the open to the node's answer, after checking it holds {@code stored} events. */
    private static double timeOpen(KafkaStoreOptions options, long stored) {
        long opening = System.nanoTime();
        try (KafkaSessionStore node = KafkaSessionStore.open(options)) {
            double seconds = (System.nanoTime() - opening) / 1e9;
            long held = node.sessions(SessionQuery.all()).stream()
                    .mapToLong(SessionSummary::lastSequence).sum();
            if (held != stored) {
                throw new IllegalStateException(options.nodeId() + " holds " + held + " events, not " + stored);
            }
            return seconds;
        }
    }

    private static KafkaStoreOptions options(KafkaCluster cluster, TempDirectory replicas, String store, String node,
                                             boolean durable) {
        return KafkaStoreOptions.builder(cluster.bootstrapServers()).storeName(store).nodeId(node)
                .partitions(PARTITIONS).replicationFactor(1).minInSyncReplicas(1)
                .replicaDirectory(replicas.path()).durableReplica(durable).build();
    }
}
