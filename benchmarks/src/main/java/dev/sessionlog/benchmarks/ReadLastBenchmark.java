package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.EventLog;
import dev.sessionlog.benchmarks.log.EventLogKind;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.event.SessionEvent;
import java.util.List;
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
 * <b>Question:</b> what does reading the newest 50 events of a session (decoded) cost when the
 * session holds 50, 5,000 and 50,000 events? sessionlog must stay flat; the lock-file design parses
 * the whole transcript; SQLite runs {@code ORDER BY seq DESC LIMIT 50} and decodes with the same
 * codec; raw Chronicle, having no index, scans backwards. Another session's events are interleaved
 * one for one with the measured session's, as in a store shared by many conversations.
 *
 * <p>{@code readLast50} reads the same newest 50 again and again: sessionlog keeps the newest events
 * it read of recently read sessions decoded, so this measures that. {@code appendThenReadLast50} is
 * a gateway's turn: the user's message is appended, then the newest 50 are read for the prompt;
 * sessionlog decodes the one new event there, the others every event they return (and the lock
 * files' transcript grows with every turn, as a conversation does).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReadLastBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class ReadLastBenchmark {
    private static final int READ = 50;

    /** The design under test (reads do not depend on durability, so one setting of each). */
    @Param({"SESSIONLOG_BUFFERED", "RAW_CHRONICLE", "JSONL_LOCK", "SQLITE_NORMAL"})
    public EventLogKind kind;

    /** Events in the measured session. */
    @Param({"50", "5000", "50000"})
    public int events;

    private final SampleEvent event = SampleEvent.userMessage();
    private SessionId measured;
    private TempDirectory directory;
    private EventLog log;

    /** Fills a store with the measured session and as many events of another. */
    @Setup(Level.Trial)
    public void fill() {
        List<SessionId> ids = SessionIds.first(2);
        measured = ids.get(0);
        directory = TempDirectory.create("read-last");
        log = kind.open(directory.path());
        ids.forEach(log::startSession);
        for (int i = 0; i < events; i++) {
            log.append(ids.get(0), event);
            log.append(ids.get(1), event);
        }
    }

    /** Closes and deletes the store. */
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

    /** A turn: one event appended, then the newest 50 read. */
    @Benchmark
    public List<SessionEvent> appendThenReadLast50() {
        log.append(measured, event);
        return log.readLast(measured, READ);
    }
}
