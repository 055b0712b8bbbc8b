package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.ModelCall;
import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.time.Duration;
import java.util.ArrayList;
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
 * <b>Question:</b> does a model call that hangs slow down the next message? The latency of appending
 * a user message to one of 1,000 sessions (sessionlog, {@code BUFFERED}) while each of them has a
 * model call open that never answers, against the same with no call open: the two must be equal.
 * (The lock-file design cannot be measured here: an append to a session whose lock a hung call
 * holds never completes.)
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar HungCallsBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class HungCallsBenchmark {
    private static final int SESSIONS = 1_000;

    /** Model calls open, one per session, none ever answered. */
    @Param({"0", "1000"})
    public int openCalls;

    private final SampleEvent event = SampleEvent.userMessage();
    private final List<ModelCall> hanging = new ArrayList<>();
    private List<SessionId> ids;
    private TempDirectory directory;
    private ChronicleSessionStore store;

    /** Opens a store of 1,000 sessions and starts the calls that will hang. */
    @Setup(Level.Trial)
    public void open() {
        ids = SessionIds.first(SESSIONS);
        directory = TempDirectory.create("hung-calls");
        store = ChronicleSessionStore.open(directory.path(), ChronicleStoreOptions.defaults());
        for (SessionId id : ids) {
            store.session(id).receiveUserMessage(null, "hello");
        }
        for (int i = 0; i < openCalls; i++) {
            hanging.add(store.session(ids.get(i % SESSIONS)).startModelCall("anthropic", "claude-sonnet-4-6",
                    Duration.ofHours(1)));
        }
    }

    /** Cancels the calls and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        hanging.forEach(ModelCall::close);
        hanging.clear();
        store.close();
        directory.close();
    }

    /** One user message to a random session (one with a hung call, when there are calls). */
    @Benchmark
    public void appendWhileCallsHang() {
        store.append(ids.get(ThreadLocalRandom.current().nextInt(SESSIONS)), ExpectedSequence.any(),
                List.of(event.nextEvent())).join();
    }
}
