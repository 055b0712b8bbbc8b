package dev.sessionlog.benchmarks;

import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.SessionIndex;
import dev.sessionlog.benchmarks.log.SessionIndexKind;
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
 * <b>Question:</b> what do updating one session's metadata (its model) and listing every session
 * cost with 100, 1,000 and 10,000 sessions, for sessionlog's session index against a
 * {@code sessions.json} rewritten whole? An update must cost the same at 10,000 sessions as at 100
 * (within 1.5×) for sessionlog.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MetadataBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class MetadataBenchmark {
    private static final List<String> MODELS = List.of("claude-sonnet-4-6", "claude-opus-4-1", "gpt-5.1");

    /** The index under test. */
    @Param
    public SessionIndexKind kind;

    /** Sessions in the index. */
    @Param({"100", "1000", "10000"})
    public int indexSize;

    private List<SessionId> ids;
    private TempDirectory directory;
    private SessionIndex index;

    /** Creates an index of {@code indexSize} sessions. */
    @Setup(Level.Trial)
    public void create() {
        ids = SessionIds.first(indexSize);
        directory = TempDirectory.create("metadata");
        index = kind.open(directory.path());
        index.createSessions(ids);
    }

    /** Closes and deletes the index. */
    @TearDown(Level.Trial)
    public void close() {
        index.close();
        directory.close();
    }

    /** One session, chosen at random, changes its model. */
    @Benchmark
    public void updateModel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        index.updateModel(ids.get(random.nextInt(ids.size())), MODELS.get(random.nextInt(MODELS.size())));
    }

    /** Every session, most recently updated first. */
    @Benchmark
    public List<SessionId> listSessions() {
        return index.listSessions();
    }
}
