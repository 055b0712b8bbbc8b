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
 * <b>Question:</b> how many ~300-byte events per second does each design store with 1, 2, 4, 8 and
 * 16 caller threads spread over 1, 1,000 and 10,000 sessions, and how does sessionlog scale with its
 * partitions (one writer each)? Each append goes to a session chosen at random, so with one session
 * every caller contends for it (a lock file is then held by one caller while the others back off).
 * The designs without partitions ignore {@code partitions}: their rows for each value are repeats.
 *
 * <p>The whole table, every design, in one run (about an hour on 16 cores; {@code cores} is one
 * partition per available processor, the store's default):
 * <pre>java -jar benchmarks/target/benchmarks.jar AppendThroughputBenchmark -p sessions=10000 -p partitions=1,cores -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AppendThroughputBenchmark {

    /** The design under test. */
    @Param
    public EventLogKind kind;

    /** How many sessions the appends are spread over. */
    @Param({"1", "1000", "10000"})
    public int sessions;

    /** How many partitions a sessionlog store has: a number, or {@code cores} (one per available processor). */
    @Param({"1", "cores"})
    public String partitions;

    private final SampleEvent event = SampleEvent.userMessage();
    private List<SessionId> ids;
    private TempDirectory directory;
    private EventLog log;

    /**
     * Opens an empty store holding every session, once per trial: creating 10,000 transcript files
     * per iteration would make setup, not appending, the run's cost.
     */
    @Setup(Level.Trial)
    public void open() {
        ids = SessionIds.first(sessions);
        directory = TempDirectory.create("append-throughput");
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

    /** One caller. */
    @Benchmark
    @Threads(1)
    public void oneCaller() {
        appendToRandomSession();
    }

    /** Two callers at once. */
    @Benchmark
    @Threads(2)
    public void twoCallers() {
        appendToRandomSession();
    }

    /** Four callers at once. */
    @Benchmark
    @Threads(4)
    public void fourCallers() {
        appendToRandomSession();
    }

    /** Eight callers at once. */
    @Benchmark
    @Threads(8)
    public void eightCallers() {
        appendToRandomSession();
    }

    /** Sixteen callers at once. */
    @Benchmark
    @Threads(16)
    public void sixteenCallers() {
        appendToRandomSession();
    }
}
