package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.EventLog;
import dev.sessionlog.benchmarks.log.EventLogKind;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
import java.util.List;
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
 * <b>Question:</b> with 16 concurrent callers (16 conversations answered at once) and every append
 * durable against power loss before it is acknowledged, how many events per second does each design
 * store: sessionlog {@code SYNC} (group commit: one fsync per batch), lock-file JSONL with an fsync
 * per append, and SQLite with {@code synchronous=FULL}?
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DurableThroughputBenchmark</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(16)
@State(Scope.Benchmark)
public class DurableThroughputBenchmark {

    /** The durable design under test. */
    @Param({"SESSIONLOG_SYNC", "JSONL_LOCK_FSYNC", "SQLITE_FULL"})
    public EventLogKind kind;

    /** How many sessions the callers append to, at random. */
    @Param({"1000"})
    public int sessions;

    private final SampleEvent event = SampleEvent.userMessage();
    private List<SessionId> ids;
    private TempDirectory directory;
    private EventLog log;

    /** Opens an empty store holding every session, once per trial. */
    @Setup(Level.Trial)
    public void open() {
        ids = SessionIds.first(sessions);
        directory = TempDirectory.create("durable-throughput");
        log = kind.open(directory.path());
        ids.forEach(log::startSession);
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        log.close();
        directory.close();
    }

    /** One durable append by one of the 16 callers. */
    @Benchmark
    public void append() {
        log.append(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), event);
    }
}
