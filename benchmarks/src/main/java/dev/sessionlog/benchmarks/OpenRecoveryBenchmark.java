package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>Question:</b> how long does opening a store of 1,000,000 events (over 1,000 sessions, written
 * one event per append) take,
 * with its checkpoints (position index and ledger), and with both deleted so that the index is
 * rebuilt by scanning the whole log and the ledger by decoding every event? Targets: 1 s and 10 s.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OpenRecoveryBenchmark</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class OpenRecoveryBenchmark {
    private static final int SESSIONS = 1_000;
    /** One event per append, as a gateway appends: one log record per event, as in production. */
    private static final int EVENTS_PER_APPEND = 1;
    /** Below the writer queue's capacity, so that filling never meets {@link dev.sessionlog.StoreBusyException}. */
    private static final int APPENDS_IN_FLIGHT = 1_000;
    private static final List<String> CHECKPOINTS = List.of("index.checkpoint", "ledger.checkpoint");

    /** How the index is recovered on open. */
    public enum Recovery {
        /** From the checkpoints written by the last close. */
        CHECKPOINT,
        /** The checkpoints are deleted first: the whole log is scanned and every event decoded. */
        FULL_REBUILD
    }

    /** Events in the store. */
    @Param({"1000000"})
    public int storeEvents;

    /** How the index is recovered. */
    @Param
    public Recovery recovery;

    private TempDirectory directory;
    private ChronicleSessionStore opened;

    /** Writes the store once, in batches. */
    @Setup(Level.Trial)
    public void fill() {
        directory = TempDirectory.create("open-recovery");
        List<SessionId> ids = SessionIds.first(SESSIONS);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(directory.path(), ChronicleStoreOptions.defaults())) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (SessionId id : ids) {
                inFlight.add(store.append(id, ExpectedSequence.noSession(), List.of(SessionStarted.initial(
                        SessionKey.of("agent:main:telegram:direct:" + id.value()), "main", "telegram"))));
            }
            inFlight.forEach(CompletableFuture::join);
            inFlight.clear();
            long written = SESSIONS;
            for (int batch = 0; written < storeEvents; batch++) {
                int size = (int) Math.min(EVENTS_PER_APPEND, storeEvents - written);
                List<SessionEvent> events = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    events.add(UserMessageReceived.text("msg-" + (written + i), "Message number " + (written + i)
                            + " of a long conversation about calendars, dentists and parking garages on Elm Street."));
                }
                inFlight.add(store.append(ids.get(batch % SESSIONS), ExpectedSequence.any(), events));
                written += size;
                if (inFlight.size() == APPENDS_IN_FLIGHT) {
                    inFlight.forEach(CompletableFuture::join);
                    inFlight.clear();
                }
            }
            inFlight.forEach(CompletableFuture::join);
        }
    }

    /** Deletes the checkpoints when the index and the ledger must be rebuilt. */
    @Setup(Level.Invocation)
    public void prepare() throws IOException {
        if (recovery == Recovery.FULL_REBUILD) {
            for (String checkpoint : CHECKPOINTS) {
                Files.deleteIfExists(directory.path().resolve(checkpoint));
            }
        }
    }

    /** Opens the store for writing, recovering its index. */
    @Benchmark
    public ChronicleSessionStore open() {
        opened = ChronicleSessionStore.open(directory.path(), ChronicleStoreOptions.defaults());
        return opened;
    }

    /** Closes the store opened (which writes fresh checkpoints). */
    @TearDown(Level.Invocation)
    public void closeOpened() {
        opened.close();
    }

    /** Deletes the store. */
    @TearDown(Level.Trial)
    public void delete() {
        directory.close();
    }
}
