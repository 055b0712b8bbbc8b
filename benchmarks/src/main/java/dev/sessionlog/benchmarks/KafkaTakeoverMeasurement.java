package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.kafka.ChildNode;
import dev.sessionlog.kafka.KafkaCluster;
import dev.sessionlog.kafka.KafkaSessionStore;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * <b>Question:</b> how long are a Kafka store's partitions without a writer when the node that owns
 * them dies: from its kill -9 to the first append accepted on its partitions by the surviving node,
 * at 10,000 sessions (issue 13's goal: at most 10 s)? Not a JMH benchmark: a takeover is a single
 * event of seconds, measured a few times.
 *
 * <p>A node in this JVM (the survivor) and a node in a child JVM (the victim) share a store of 12
 * partitions on a local cluster; the survivor fills it with {@code sessions} sessions of two events
 * each. Each round the victim appends to its own partitions from 4 threads (so it dies inside a
 * transaction, as under load), is killed with SIGKILL, and at that instant the survivor appends one
 * event to a session of each of the victim's partitions: those appends are forwarded to the dead
 * owner through Kafka and answered by whichever node takes the partition over. The round reports the
 * time to the first and to the last answer, and when the survivor owned every partition; then a new
 * victim joins, takes half the partitions back, and the next round starts.
 *
 * <p>The group session timeout (how long the group waits for a silent node) is the floor of every
 * round's time; the rest is the rebalance and the takeover itself (fencing, reading the partition's
 * end, restoring the ledger).
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.KafkaTakeoverMeasurement \
 *     [sessions=10000] [rounds=5] [session timeout ms=the store's default, 6000] [brokers=1]
 * </pre>
 */
public final class KafkaTakeoverMeasurement {
    private static final int PARTITIONS = 12;
    private static final int FILL_IN_FLIGHT = 1_000;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private KafkaTakeoverMeasurement() {}

    /** Arguments: sessions, rounds, the group session timeout in milliseconds, brokers (all optional). */
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Duration sessionTimeout = args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2]))
                : KafkaStoreOptions.builder("unused:9092").build().groupSessionTimeout();
        int brokers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int replication = Math.min(3, brokers);
        int minInSync = Math.min(2, replication);
        System.out.printf("%,d sessions, %d partitions, %d broker(s), group session timeout %d ms; load average %s%n",
                sessions, PARTITIONS, brokers, sessionTimeout.toMillis(), Machine.loadAverage());

        List<Round> results = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.start(brokers, List.of("-Xmx1g"))) {
            String store = "takeover-" + UUID.randomUUID();
            KafkaSessionStore survivor = KafkaSessionStore.open(KafkaStoreOptions.builder(cluster.bootstrapServers())
                    .storeName(store).nodeId("survivor").partitions(PARTITIONS)
                    .replicationFactor(replication).minInSyncReplicas(minInSync)
                    .groupSessionTimeout(sessionTimeout).patience(PATIENCE).build());
            try {
                ChildNode victim = ChildNode.start(cluster.bootstrapServers(), store, "victim-0", PARTITIONS,
                        replication, minInSync, sessionTimeout);
                List<SessionId> ids = SessionIds.first(sessions);
                awaitSplit(survivor, victim);
                long filling = System.nanoTime();
                fill(survivor, ids);
                System.out.printf("filled %,d sessions in %.1f s%n", sessions, (System.nanoTime() - filling) / 1e9);
                for (int round = 1; round <= rounds; round++) {
                    results.add(killAndTime(survivor, victim, ids, round));
                    System.out.println(results.get(results.size() - 1));
                    victim = ChildNode.start(cluster.bootstrapServers(), store, "victim-" + round, PARTITIONS,
                            replication, minInSync, sessionTimeout);
                    awaitSplit(survivor, victim);
                }
                victim.close();
            } finally {
                survivor.close();
            }
        }
        System.out.println(summary("first append accepted", results.stream().map(Round::firstMillis).toList()));
        System.out.println(summary("last partition's append accepted", results.stream().map(Round::lastMillis)
                .toList()));
        System.out.println(summary("survivor owns every partition", results.stream().map(Round::ownedMillis)
                .toList()));
        System.out.println("load average " + Machine.loadAverage());
    }

    /** One round: what the kill of the victim cost. */
    private record Round(int round, List<Integer> partitions, long firstMillis, long lastMillis, long ownedMillis) {
        @Override
        public String toString() {
            return String.format("round %d: killed the owner of partitions %s; first append accepted after %,d ms,"
                    + " the last partition's after %,d ms; the survivor owned every partition after %,d ms",
                    round, partitions, firstMillis, lastMillis, ownedMillis);
        }
    }

    private static Round killAndTime(KafkaSessionStore survivor, ChildNode victim, List<SessionId> ids, int round)
            throws Exception {
        List<Integer> partitions = victim.owned();
        Map<Integer, SessionId> probes = new LinkedHashMap<>();
        for (SessionId id : ids) {
            int p = survivor.readLast(id, 1).get(0).partition();
            if (partitions.contains(p)) {
                probes.putIfAbsent(p, id);
            }
        }
        victim.send("load " + probes.values().stream().map(SessionId::value).collect(Collectors.joining(","))
                + " load-" + round + " 4");
        awaitAcks(victim, 20);

        long killedAt = System.nanoTime();
        victim.kill();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (SessionId session : probes.values()) {
            answers.add(survivor.append(session, ExpectedSequence.any(),
                            List.of(UserMessageReceived.text("probe-" + round + "-" + session.value(), "still there?")))
                    .thenApply(r -> System.nanoTime()));
        }
        long owned = -1;
        long deadline = killedAt + PATIENCE.toNanos();
        while (owned < 0 && System.nanoTime() < deadline) {
            if (survivor.ownedPartitions().size() == PARTITIONS) {
                owned = System.nanoTime();
            }
            Thread.sleep(5);
        }
        List<Long> answeredAt = new ArrayList<>();
        for (CompletableFuture<Long> answer : answers) {
            answeredAt.add(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
        long first = answeredAt.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = answeredAt.stream().mapToLong(Long::longValue).max().orElseThrow();
        return new Round(round, partitions, millis(first - killedAt), millis(last - killedAt),
                owned < 0 ? -1 : millis(owned - killedAt));
    }

    /** Starts every session and adds a message to each, many appends in flight. */
    private static void fill(KafkaSessionStore store, List<SessionId> ids) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (SessionId id : ids) {
            inFlight.add(store.append(id, ExpectedSequence.noSession(), List.of(
                    SessionStarted.initial(null, "main", "telegram"),
                    UserMessageReceived.text("first-" + id.value(), "Hello, can you help me plan a trip?"))));
            if (inFlight.size() >= FILL_IN_FLIGHT) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }

    private static void awaitSplit(KafkaSessionStore survivor, ChildNode victim) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> mine = survivor.ownedPartitions();
            List<Integer> theirs = victim.owned();
            Set<Integer> all = new HashSet<>(mine);
            all.addAll(theirs);
            if (!mine.isEmpty() && !theirs.isEmpty() && all.size() == PARTITIONS
                    && mine.size() + theirs.size() == PARTITIONS) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the two nodes did not share the partitions within " + PATIENCE);
    }

    private static void awaitAcks(ChildNode node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (node.loadLines().stream().filter(l -> l.startsWith("ACK")).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the victim acknowledged too little: " + node.loadLines());
            }
            Thread.sleep(10);
        }
    }

    private static String summary(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format("%s: median %,d ms, min %,d ms, max %,d ms over %d rounds", what,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
