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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * <b>Question:</b> how long does opening a store for writing take, with its checkpoints (position
 * index and ledger), and with both deleted so that the index is rebuilt by scanning the whole log
 * and the ledger by decoding every event? Two stores ({@link Shape}): 1,000,000 events over 1,000
 * sessions, and 1,000,000 short sessions of 3 events (issue 10 item 13). Targets: 1 s from the
 * checkpoints, 10 s rebuilt. Each open is timed alone in a warmed-up JVM, which is what grows with
 * the store; a fresh JVM adds the JVM's and Chronicle's start and the compiling of the loading code
 * ({@link SessionHeapMeasurement} times that open).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OpenRecoveryBenchmark -p shape=MANY_SHORT_SESSIONS -p recovery=CHECKPOINT</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class OpenRecoveryBenchmark {
    private static final int LONG_SESSIONS = 1_000;
    private static final int SHORT_SESSION_EVENTS = 3;
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

    /** What the store holds. */
    public enum Shape {
        /** {@link #storeEvents} events over 1,000 sessions, appended round-robin with idempotency keys. */
        LONG_SESSIONS,
        /** {@link #shortSessions} sessions of 3 events each, as {@link ShortSessions} writes them. */
        MANY_SHORT_SESSIONS
    }

    /** What the store holds. */
    @Param
    public Shape shape;

    /** Events in the store of {@link Shape#LONG_SESSIONS}. */
    @Param({"1000000"})
    public int storeEvents;

    /** Sessions in the store of {@link Shape#MANY_SHORT_SESSIONS}. */
    @Param({"1000000"})
    public int shortSessions;

    /** How the index is recovered. */
    @Param
    public Recovery recovery;

    private TempDirectory directory;
    private ChronicleSessionStore opened;

    /** Writes the store once, in batches. */
    @Setup(Level.Trial)
    public void fill() {
        directory = TempDirectory.create("open-recovery");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(directory.path(), ChronicleStoreOptions.defaults())) {
            switch (shape) {
                case LONG_SESSIONS -> fillLongSessions(store);
                case MANY_SHORT_SESSIONS -> ShortSessions.fill(store, shortSessions, SHORT_SESSION_EVENTS);
            }
        }
    }

    private void fillLongSessions(ChronicleSessionStore store) {
        List<SessionId> ids = SessionIds.first(LONG_SESSIONS);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (SessionId id : ids) {
            inFlight.add(store.append(id, ExpectedSequence.noSession(), List.of(SessionStarted.initial(
                    SessionKey.of("agent:main:telegram:direct:" + id.value()), "main", "telegram"))));
        }
        inFlight.forEach(CompletableFuture::join);
        inFlight.clear();
        long written = LONG_SESSIONS;
        for (int batch = 0; written < storeEvents; batch++) {
            int size = (int) Math.min(EVENTS_PER_APPEND, storeEvents - written);
            List<SessionEvent> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                events.add(UserMessageReceived.text("msg-" + (written + i), "Message number " + (written + i)
                        + " of a long conversation about calendars, dentists and parking garages on Elm Street."));
            }
            inFlight.add(store.append(ids.get(batch % LONG_SESSIONS), ExpectedSequence.any(), events));
            written += size;
            if (inFlight.size() == APPENDS_IN_FLIGHT) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }

    /**
     * Deletes the checkpoints, those of every partition, when the index and the ledger must be
     * rebuilt; fails when there were none, so that a layout change cannot turn this into a
     * measurement of the open from checkpoints.
     */
    @Setup(Level.Invocation)
    public void prepare() throws IOException {
        if (recovery == Recovery.FULL_REBUILD) {
            List<Path> checkpoints;
            try (Stream<Path> files = Files.walk(directory.path())) {
                checkpoints = files.filter(file -> CHECKPOINTS.contains(file.getFileName().toString())).toList();
            }
            if (checkpoints.isEmpty()) {
                throw new IllegalStateException("no checkpoint to delete in " + directory.path());
            }
            for (Path checkpoint : checkpoints) {
                Files.delete(checkpoint);
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
