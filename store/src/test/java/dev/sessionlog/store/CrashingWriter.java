package dev.sessionlog.store;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link CrashRecoveryIT}: appends to five sessions (four per partition when
 * the store has partitions) until it is killed, starting model calls and completing them a few
 * appends later (so a kill leaves some open), and prints {@code ACK <session> <sequence>} for every
 * event once its append is acknowledged. Arguments: store directory, durability, a tag that makes
 * message ids unique per run, and optionally how many events between checkpoints ({@code -} for the
 * default) and how many partitions a new store gets.
 */
public final class CrashingWriter {
    private CrashingWriter() {}

    public static void main(String[] args) {
        ChronicleStoreOptions.Builder builder = ChronicleStoreOptions.builder()
                .durability(ChronicleStoreOptions.Durability.valueOf(args[1]))
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES)
                .watchdogInterval(Duration.ZERO);
        if (args.length > 3 && !args[3].equals("-")) {
            builder.checkpointEveryEvents(Integer.parseInt(args[3]));
        }
        int partitions = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        ChronicleStoreOptions options = builder.partitions(partitions).build();
        String tag = args[2];
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), options)) {
            System.out.println("READY");
            System.out.flush();
            List<SessionId> sessions = new ArrayList<>();
            for (int s = 0; s < (store.partitions() == 1 ? 5 : 4 * store.partitions()); s++) {
                SessionId session = SessionId.of("crash-" + s);
                sessions.add(session);
                if (store.summary(session).isEmpty()) {
                    print(session, store.append(session, ExpectedSequence.noSession(),
                            List.of(StoreFixtures.started("crash" + s))).join());
                }
            }
            for (long i = 0; ; ) {
                List<SessionId> batchSessions = new ArrayList<>();
                List<CompletableFuture<AppendResult>> batch = new ArrayList<>();
                for (int b = 0; b < 8; b++, i++) {
                    SessionId session = sessions.get((int) (i % sessions.size()));
                    batchSessions.add(session);
                    batch.add(store.append(session, ExpectedSequence.any(), List.of(next(tag, i))));
                }
                for (int b = 0; b < batch.size(); b++) {
                    print(batchSessions.get(b), batch.get(b).join());
                }
            }
        }
    }

    /** Every 20th event starts a call that the event 40 later (same session) completes. */
    private static SessionEvent next(String tag, long i) {
        if (i % 20 == 0) {
            return StoreFixtures.callStarted(tag + "-" + i, Instant.now().plusSeconds(3600));
        }
        if (i % 20 == 15 && i >= 40) {
            long startedAt = i - 15 - 20;
            return new ModelCallCompleted(CallId.of(tag + "-" + startedAt), List.of(), Usage.NONE, "stop");
        }
        return StoreFixtures.message(tag + "-" + i);
    }

    private static void print(SessionId session, AppendResult result) {
        for (long sequence = result.firstSequence(); sequence <= result.lastSequence(); sequence++) {
            System.out.println("ACK " + session + " " + sequence);
        }
        System.out.flush();
    }
}
