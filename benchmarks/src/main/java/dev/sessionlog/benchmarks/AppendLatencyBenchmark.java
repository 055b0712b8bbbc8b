package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.EventLog;
import dev.sessionlog.benchmarks.log.EventLogKind;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
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
 * <b>Question:</b> how long does appending one ~300-byte event take, end to end (until the design
 * reports it stored), for one caller: p50, p99 and p99.9, for sessionlog {@code BUFFERED} and
 * {@code SYNC} and each baseline?
 *
 * <p>Each iteration starts from an empty store (so raw Chronicle's gigabytes per second do not pile
 * up on disk); the session exists before measuring.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AppendLatencyBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class AppendLatencyBenchmark {
    private static final SessionId SESSION = SessionIds.first(1).get(0);

    /** The design under test. */
    @Param
    public EventLogKind kind;

    private final SampleEvent event = SampleEvent.userMessage();
    private TempDirectory directory;
    private EventLog log;

    /** Opens an empty store holding the session. */
    @Setup(Level.Iteration)
    public void open() {
        directory = TempDirectory.create("append-latency");
        log = kind.open(directory.path());
        log.startSession(SESSION);
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Iteration)
    public void close() {
        log.close();
        directory.close();
    }

    /** One append of one event. */
    @Benchmark
    public void append() {
        log.append(SESSION, event);
    }
}
