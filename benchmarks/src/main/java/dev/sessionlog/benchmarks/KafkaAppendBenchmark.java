package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.EventLog;
import dev.sessionlog.benchmarks.log.EventLogKind;
import dev.sessionlog.benchmarks.log.KafkaEventLog;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.kafka.KafkaCluster;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>Question:</b> what does an append cost on the Kafka store, against the Chronicle store in the
 * same run: latency p50/p99 of one ~300-byte event, end to end (until the future completes), with 1,
 * 4 and 16 callers appending to random sessions of 1,000, on a local one-broker cluster and a
 * three-broker cluster (replication factor 3, {@code min.insync.replicas} 2)? Throughput follows
 * from the latency: each caller waits for its append before the next, so events per second are the
 * callers divided by the mean latency.
 *
 * <p>One Kafka node, in this JVM, owns every partition: its appends are written by it, none is
 * forwarded. The brokers are real ({@code kafka_2.13}, KRaft, loopback), child JVMs started by the
 * trial's setup from this JVM's class path with the kafka module's launcher ({@link KafkaCluster}),
 * with the production JIT and 1 GB of heap each, and stopped when the JVM exits; every trial creates
 * a store of its own name on them.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar KafkaAppendBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class KafkaAppendBenchmark {

    /** The store under test and where it runs. */
    public enum Target {
        /** The Chronicle store, {@code BUFFERED}: the single-machine reference. */
        CHRONICLE,
        /** The Kafka store on one broker (replication factor 1). */
        KAFKA_ONE_BROKER,
        /** The Kafka store on three brokers (replication factor 3, {@code min.insync.replicas} 2). */
        KAFKA_THREE_BROKERS
    }

    /** The store under test. */
    @Param
    public Target target;

    /**
     * The Kafka store's partition count: 12 is the store's default, 1 puts every append of a node
     * into one transaction per loop. The Chronicle store has one log and ignores it.
     */
    @Param({"1", "12"})
    public int partitions;

    /** How many sessions the appends are spread over. */
    @Param("1000")
    public int sessions;

    private final SampleEvent event = SampleEvent.userMessage();
    private List<SessionId> ids;
    private TempDirectory directory;
    private EventLog log;

    /** Opens an empty store holding every session. */
    @Setup(Level.Trial)
    public void open() throws InterruptedException, ExecutionException {
        ids = SessionIds.first(sessions);
        directory = TempDirectory.create("kafka-append");
        log = switch (target) {
            case CHRONICLE -> EventLogKind.SESSIONLOG_BUFFERED.open(directory.path());
            case KAFKA_ONE_BROKER -> new KafkaEventLog(options(LocalBrokers.of(1), 1, 1));
            case KAFKA_THREE_BROKERS -> new KafkaEventLog(options(LocalBrokers.of(3), 3, 2));
        };
        startSessions();
    }

    private KafkaStoreOptions options(KafkaCluster cluster, int replication, int minInSync) {
        return KafkaStoreOptions.builder(cluster.bootstrapServers())
                .storeName("append-benchmark-" + UUID.randomUUID())
                .nodeId("benchmark")
                .partitions(partitions)
                .replicationFactor(replication)
                .minInSyncReplicas(minInSync)
                .build();
    }

    /** Starts the sessions from 16 threads, so that a Kafka store batches them as it would the benchmark's appends. */
    private void startSessions() throws InterruptedException, ExecutionException {
        ExecutorService starters = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (SessionId id : ids) {
                started.add(starters.submit(() -> log.startSession(id)));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            starters.shutdown();
        }
    }

    /** Closes the store and deletes its directory; the brokers stay for the next trial of this JVM. */
    @TearDown(Level.Trial)
    public void close() {
        log.close();
        directory.close();
    }

    private void appendToRandomSession() {
        log.append(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), event);
    }

    /** One caller. */
    @Benchmark
    @Threads(1)
    public void oneCaller() {
        appendToRandomSession();
    }

    /** Four callers at once. */
    @Benchmark
    @Threads(4)
    public void fourCallers() {
        appendToRandomSession();
    }

    /** Sixteen callers at once. */
    @Benchmark
    @Threads(16)
    public void sixteenCallers() {
        appendToRandomSession();
    }
}
