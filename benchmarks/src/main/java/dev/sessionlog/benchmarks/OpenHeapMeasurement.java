package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
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

/**
 * <b>Question:</b> how many bytes of heap does an open store keep per stored event (issue 5's
 * target: at most 32), and how long do its opens take? Not a JMH benchmark: heap retained by an
 * object graph is a single number, measured as used heap after full GCs with the store open minus
 * the same without it, divided by the events stored. The open times are single shots, a rough
 * check next to {@link OpenRecoveryBenchmark}, as is the time of a close (which writes the
 * checkpoints on the writer thread).
 *
 * <p>Creates the same store as {@link OpenRecoveryBenchmark} (1,000 sessions, one event per
 * append) in {@code <dir>} when it does not exist yet, so that repeated runs reuse it:
 * <pre>
 * java $FLAGS -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.OpenHeapMeasurement /tmp/open-1m 1000000
 * </pre>
 * where {@code $FLAGS} are the Chronicle JVM flags of the parent pom ({@code chronicle.jvm.flags}).
 */
public final class OpenHeapMeasurement {
    private static final int SESSIONS = 1_000;
    private static final int APPENDS_IN_FLIGHT = 1_000;

    private OpenHeapMeasurement() {}

    /** Arguments: the store directory, the number of events (1,000,000 when absent). */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: OpenHeapMeasurement <store dir> [events]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        if (!Files.exists(dir)) {
            long started = System.nanoTime();
            fill(dir, events);
            System.out.printf("filled %,d events in %.1f s%n", events, (System.nanoTime() - started) / 1e9);
        }
        long baseline = Machine.usedHeapAfterGc();
        ChronicleSessionStore store = timedOpen(dir, "with checkpoints");
        long withStore = Machine.usedHeapAfterGc();
        long stored = store.sessions(SessionQuery.all()).stream()
                .mapToLong(SessionSummary::lastSequence).sum();
        System.out.printf("heap: %,d bytes retained for %,d events = %.1f bytes/event%n",
                withStore - baseline, stored, (withStore - baseline) / (double) stored);
        long closing = System.nanoTime();
        store.close();
        System.out.printf("close (writes both checkpoints): %,d ms%n", (System.nanoTime() - closing) / 1_000_000);
        Files.deleteIfExists(dir.resolve("index.checkpoint"));
        Files.deleteIfExists(dir.resolve("ledger.checkpoint"));
        timedOpen(dir, "full rebuild (checkpoints deleted)").close();
    }

    private static ChronicleSessionStore timedOpen(Path dir, String what) {
        long started = System.nanoTime();
        ChronicleSessionStore store = ChronicleSessionStore.open(dir, ChronicleStoreOptions.defaults());
        System.out.printf("open %s: %,d ms%n", what, (System.nanoTime() - started) / 1_000_000);
        return store;
    }

    private static void fill(Path dir, int events) {
        List<SessionId> ids = SessionIds.first(SESSIONS);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, ChronicleStoreOptions.defaults())) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (SessionId id : ids) {
                inFlight.add(store.append(id, ExpectedSequence.noSession(), List.of(SessionStarted.initial(
                        SessionKey.of("agent:main:telegram:direct:" + id.value()), "main", "telegram"))));
            }
            for (int written = SESSIONS; written < events; written++) {
                String text = "Message number " + written
                        + " of a long conversation about calendars, dentists and parking garages on Elm Street.";
                inFlight.add(store.append(ids.get(written % SESSIONS), ExpectedSequence.any(),
                        List.of(UserMessageReceived.text("msg-" + written, text))));
                if (inFlight.size() >= APPENDS_IN_FLIGHT) {
                    inFlight.forEach(CompletableFuture::join);
                    inFlight.clear();
                }
            }
            inFlight.forEach(CompletableFuture::join);
        }
    }
}
