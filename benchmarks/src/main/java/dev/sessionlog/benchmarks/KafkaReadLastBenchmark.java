package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.EventLog;
import dev.sessionlog.benchmarks.log.EventLogKind;
import dev.sessionlog.benchmarks.log.KafkaEventLog;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <b>Question:</b> what does reading the newest 50 events of a session (decoded) cost on a node of
 * the Kafka store, whose replica keeps its events in local files and decodes what a read returns
 * (ADR 0023), against the Chronicle store in the same run, with 50 and 5,000 events in the session?
 * Another session's events are interleaved one for one with the measured session's, as in
 * {@link ReadLastBenchmark}. One node on a local one-broker cluster ({@link LocalBrokers}), 12
 * partitions; the store is filled by 16 callers, since each Kafka append waits for a transaction.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar KafkaReadLastBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class KafkaReadLastBenchmark {
    private static final int READ = 50;
    private static final int FILLERS = 16;

    /** The store under test. */
    public enum Target {
        /** The Chronicle store, {@code BUFFERED}. */
        CHRONICLE,
        /** A Kafka store node on one broker. */
        KAFKA_ONE_BROKER
    }

    /** The store under test. */
    @Param
    public Target target;

    /** Events in the measured session. */
    @Param({"50", "5000"})
    public int events;

    private final SampleEvent event = SampleEvent.userMessage();
    private SessionId measured;
    private TempDirectory directory;
    private EventLog log;

    /** Fills a store with the measured session and as many events of another. */
    @Setup(Level.Trial)
    public void fill() throws InterruptedException, ExecutionException {
        List<SessionId> ids = SessionIds.first(2);
        measured = ids.get(0);
        directory = TempDirectory.create("kafka-read-last");
        log = switch (target) {
            case CHRONICLE -> EventLogKind.SESSIONLOG_BUFFERED.open(directory.path());
            case KAFKA_ONE_BROKER -> new KafkaEventLog(KafkaStoreOptions.builder(LocalBrokers.of(1).bootstrapServers())
                    .storeName("read-last-benchmark-" + UUID.randomUUID())
                    .nodeId("benchmark")
                    .replicationFactor(1)
                    .minInSyncReplicas(1)
                    .build());
        };
        ids.forEach(log::startSession);
        ExecutorService fillers = Executors.newFixedThreadPool(FILLERS);
        try {
            List<Future<?>> appended = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                appended.add(fillers.submit(() -> log.append(ids.get(0), event)));
                appended.add(fillers.submit(() -> log.append(ids.get(1), event)));
            }
            for (Future<?> f : appended) {
                f.get();
            }
        } finally {
            fillers.shutdown();
        }
    }

    /** Closes the store and deletes its directory; the brokers stay for the next trial of this JVM. */
    @TearDown(Level.Trial)
    public void close() {
        log.close();
        directory.close();
    }

    /** The newest 50 events, decoded. */
    @Benchmark
    public List<SessionEvent> readLast50() {
        return log.readLast(measured, READ);
    }
}
