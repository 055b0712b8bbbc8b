package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.callStarted;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.FailureKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HungModelCallTest {
    @TempDir
    Path dir;

    @Test
    void a_hung_model_call_blocks_no_append_and_is_ended_by_the_watchdog() throws Exception {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().watchdogInterval(Duration.ofMillis(20))
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
        SessionId hung = SessionId.of("hung");
        SessionId other = SessionId.of("other");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            store.append(hung, ExpectedSequence.noSession(), List.of(started("hung"))).join();
            store.append(other, ExpectedSequence.noSession(), List.of(started("other"))).join();
            store.append(hung, ExpectedSequence.any(),
                    List.of(callStarted("never-answers", Instant.now().plusMillis(1500)))).join();
            List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                appends.add(store.append(i % 2 == 0 ? hung : other, ExpectedSequence.any(), List.of(message("m" + i))));
            }
            for (CompletableFuture<AppendResult> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }
            assertEquals(1, store.summary(hung).orElseThrow().openCalls(), "the call is still open, nothing waited on it");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.summary(hung).orElseThrow().openCalls() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            RecordedEvent last = store.readLast(hung, 1).get(0);
            ModelCallFailed timeout = assertInstanceOf(ModelCallFailed.class, last.event());
            assertEquals(FailureKind.TIMEOUT, timeout.kind());
            assertEquals(503, last.sequence());
            assertEquals(501, store.summary(other).orElseThrow().lastSequence());
            CompletionException late = assertThrows(CompletionException.class, () -> store.append(hung,
                    ExpectedSequence.any(), List.of(new ModelCallCompleted(CallId.of("never-answers"), List.of(),
                            Usage.NONE, "stop"))).join());
            assertInstanceOf(CallAlreadyEndedException.class, late.getCause());
            assertTrue(store.append(hung, ExpectedSequence.any(), List.of(message("after"))).join().lastSequence() > 503);
        }
    }
}
