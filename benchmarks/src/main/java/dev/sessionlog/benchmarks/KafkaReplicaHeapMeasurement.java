package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.kafka.KafkaCluster;
import dev.sessionlog.kafka.KafkaSessionStore;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.util.List;
import java.util.UUID;

/**
 * <b>Question:</b> how much heap does a node of the Kafka store keep per stored event? Every node
 * holds a replica of every partition (ADR 0016), its events in local files and where each lies in
 * the heap (ADR 0023), so this number, times the events of the whole store, is what each node's
 * heap must hold: the sizing rule the README gives operators. Not
 * JMH: retained heap is a single number (used heap after full collections), as in
 * {@link SessionHeapMeasurement}.
 *
 * <p>On a local one-broker cluster (child JVM), a node in this JVM writes {@code sessions} sessions
 * of {@code events} events each ({@link KafkaFill}: user messages of about 300 bytes encoded),
 * and the heap is read before the writing node opens and after it wrote them. Then a second node
 * opens the same store and reads it back from the topic alone, as a node that joins or restarts
 * does, and its heap is read too: the replica without the writer's in-flight state.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.KafkaReplicaHeapMeasurement \
 *     [sessions=1000] [events per session=200]
 * </pre>
 */
public final class KafkaReplicaHeapMeasurement {
    private static final int PARTITIONS = 12;

    private KafkaReplicaHeapMeasurement() {}

    /** Arguments: sessions, events per session (both optional). */
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long stored = (long) sessions * events;
        System.out.printf("%,d sessions of %,d events, %d partitions; load average %s%n", sessions, events,
                PARTITIONS, Machine.loadAverage());
        try (KafkaCluster cluster = KafkaCluster.start(1, List.of("-Xmx1g"))) {
            String store = "replica-heap-" + UUID.randomUUID();
            long baseline = Machine.usedHeapAfterGc();
            write(cluster, store, sessions, events, baseline);
            // in a method of its own: a local of this frame would keep the closed node reachable
            System.out.printf("after the writing node closed: %,d bytes above the heap before it opened%n",
                    Machine.usedHeapAfterGc() - baseline);
            read(cluster, store, stored, Machine.usedHeapAfterGc());
        }
        System.out.println("load average " + Machine.loadAverage());
    }

    /** Opens the writing node, writes the sessions, reports its heap, and closes it. */
    private static void write(KafkaCluster cluster, String store, int sessions, int events, long baseline) {
        try (KafkaSessionStore writer = KafkaSessionStore.open(options(cluster, store, "writer"))) {
            long started = System.nanoTime();
            KafkaFill.fill(writer, SessionIds.first(sessions), events);
            System.out.printf("wrote %,d events in %.1f s%n", (long) sessions * events,
                    (System.nanoTime() - started) / 1e9);
            report("the node that wrote them", writer, baseline, (long) sessions * events);
        }
    }

    /** Opens a second node, which reads the store from the topic, and reports its heap. */
    private static void read(KafkaCluster cluster, String store, long stored, long baseline) {
        long opening = System.nanoTime();
        try (KafkaSessionStore reader = KafkaSessionStore.open(options(cluster, store, "reader"))) {
            System.out.printf("a second node opened and read the store in %.1f s%n",
                    (System.nanoTime() - opening) / 1e9);
            report("a node that read them from the topic", reader, baseline, stored);
        }
    }

    private static KafkaStoreOptions options(KafkaCluster cluster, String store, String node) {
        return KafkaStoreOptions.builder(cluster.bootstrapServers()).storeName(store).nodeId(node)
                .partitions(PARTITIONS).replicationFactor(1).minInSyncReplicas(1).build();
    }

    /** Prints the heap {@code node} retains beyond {@code baseline}, per event, after checking it holds them all. */
    private static void report(String node, KafkaSessionStore store, long baseline, long stored) {
        long retained = Machine.usedHeapAfterGc() - baseline;
        long held = store.sessions(SessionQuery.all()).stream().mapToLong(SessionSummary::lastSequence).sum();
        if (held != stored) {
            throw new IllegalStateException(node + " holds " + held + " events, not " + stored);
        }
        System.out.printf("%s: %,d bytes of heap for %,d events = %.0f bytes/event%n", node, retained, stored,
                retained / (double) stored);
    }
}
