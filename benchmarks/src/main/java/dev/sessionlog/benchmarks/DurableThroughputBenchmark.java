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
 * <b>Question:</b> with 4 and 16 concurrent callers (conversations answered at once) and every append
 * durable against power loss before it is acknowledged, how many events per second does each design
 * store: sessionlog {@code SYNC} (a pipelined group commit: one sync covers every batch written
 * before it, and the next batch is written while it runs), lock-file JSONL with an fsync per append,
 * and SQLite with {@code synchronous=FULL}? Do more callers give sessionlog more events per second?
 *
 * <p>A disk's sync latency swings between runs, so compare designs within one run, and repeat the
 * run: three runs one after the other give each design three samples, interleaved (A B C A B C A B C);
 * report the median and the spread, and the disk.
 * <pre>for run in 1 2 3; do java -jar benchmarks/target/benchmarks.jar DurableThroughputBenchmark -wi 1 -i 3 -w 2s -r 2s; done</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DurableThroughputBenchmark {

    /** The durable design under test. */
    @Param({"SESSIONLOG_SYNC", "JSONL_LOCK_FSYNC", "SQLITE_FULL"})
    public EventLogKind kind;

    /** How many sessions the callers append to, at random. */
    @Param({"1000"})
    public int sessions;

    /** How many partitions a sessionlog store has: a number, or {@code cores} (one per available processor). */
    @Param({"1", "cores"})
    public String partitions;

    private final SampleEvent event = SampleEvent.userMessage();
    private List<SessionId> ids;
    private TempDirectory directory;
    private EventLog log;

    /** Opens an empty store holding every session, once per trial. */
    @Setup(Level.Trial)
    public void open() {
        ids = SessionIds.first(sessions);
        directory = TempDirectory.create("durable-throughput");
        log = kind.open(directory.path(), EventLogKind.partitions(partitions));
        ids.forEach(log::startSession);
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        log.close();
        directory.close();
    }

    private void appendToRandomSession() {
        log.append(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), event);
    }

    /** One durable append by one of 4 callers. */
    @Benchmark
    @Threads(4)
    public void fourCallers() {
        appendToRandomSession();
    }

    /** One durable append by one of 16 callers. */
    @Benchmark
    @Threads(16)
    public void sixteenCallers() {
        appendToRandomSession();
    }
}
