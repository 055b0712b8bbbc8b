package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.SessionViews;
import dev.sessionlog.projection.SessionStatus;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.UserNotice;
import dev.sessionlog.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the store contract, and what only it can show. */
class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore openStore(Clock clock) {
        return InMemorySessionStore.builder().clock(clock).watchdogInterval(Duration.ZERO).build();
    }

    @Test
    void a_full_writer_queue_refuses_at_once_with_store_busy() throws Exception {
        GateClock gate = new GateClock(clock);
        try (InMemorySessionStore small = InMemorySessionStore.builder().clock(gate).writerQueueCapacity(2)
                .watchdogInterval(Duration.ZERO).build()) {
            SessionId s = SessionId.of("busy");
            gate.close();
            CompletableFuture<AppendResult> held = small.append(s, ExpectedSequence.any(), List.of(started(s)));
            assertTrue(gate.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the writer never asked the time");
            CompletableFuture<AppendResult> queued1 = small.append(s, ExpectedSequence.any(), List.of(message("a")));
            CompletableFuture<AppendResult> queued2 = small.append(s, ExpectedSequence.any(), List.of(message("b")));
            CompletableFuture<AppendResult> refused = small.append(s, ExpectedSequence.any(), List.of(message("c")));
            assertTrue(refused.isDone(), "a full queue must refuse without waiting");
            StoreBusyException busy = failure(StoreBusyException.class, refused);
            assertEquals(2, busy.capacity());
            assertTrue(busy.retryable());
            gate.open();
            assertEquals(1, await(held).lastSequence());
            assertEquals(2, await(queued1).lastSequence());
            assertEquals(3, await(queued2).lastSequence());
            assertEquals(4, await(small.append(s, ExpectedSequence.any(), List.of(message("c")))).lastSequence());
        }
    }

    @Test
    void a_subscription_answers_the_cursor_it_started_from_before_it_delivers_anything() {
        StoreCursor from = StoreCursor.start().withNextPosition(0, 1_000);
        try (Subscription waiting = store.subscribe(SubscriptionRequest.allFrom(from), e -> { })) {
            assertEquals(from, waiting.cursor());
        }
    }

    @Test
    void the_background_watchdog_ends_overdue_calls_by_itself() {
        try (InMemorySessionStore watched = InMemorySessionStore.builder().clock(clock)
                .watchdogInterval(Duration.ofMillis(10)).build()) {
            SessionHandle handle = watched.session(SessionId.of("watched"));
            handle.receiveUserMessage("m1", "hello");
            ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(31));
            eventually(() -> handle.lastEvents(1).get(0).event() instanceof ModelCallFailed f
                    && f.kind() == FailureKind.TIMEOUT && f.callId().equals(call.callId()));
            call.close();
            assertEquals(4, handle.lastEvents(10).size());
        }
    }

    @Test
    void handle_views_come_from_the_builder() {
        Transcript transcript = new Transcript(List.of());
        List<UserNotice> notices = List.of();
        SessionStatus status = new SessionStatus(SessionSummary.State.IDLE, null, null, null, null, null, null, 0, 0,
                0, 0, false, null);
        List<SessionId> asked = new ArrayList<>();
        SessionViews views = new SessionViews() {
            @Override
            public Transcript transcript(SessionStore store, SessionId session) {
                asked.add(session);
                return transcript;
            }

            @Override
            public SessionStatus status(SessionStore store, SessionId session) {
                asked.add(session);
                return status;
            }

            @Override
            public List<UserNotice> notices(SessionStore store, SessionId session) {
                asked.add(session);
                return notices;
            }
        };
        try (InMemorySessionStore viewed = InMemorySessionStore.builder().watchdogInterval(Duration.ZERO).views(views)
                .build()) {
            SessionHandle handle = viewed.session(SessionId.of("viewed"));
            assertSame(transcript, handle.transcript());
            assertSame(status, handle.status());
            assertSame(notices, handle.notices());
            assertEquals(List.of(handle.id(), handle.id(), handle.id()), asked);
        }
    }

    @Test
    void a_reader_never_sees_half_a_batch() throws Exception {
        SessionId s = startedSession();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                int size = store.readLast(s, 100_000).size();
                if ((size - 1) % 5 != 0) {
                    torn.set("saw " + size + " events");
                }
            }
        });
        reader.start();
        for (int batch = 0; batch < 200; batch++) {
            List<dev.sessionlog.event.SessionEvent> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(message("b" + batch + "-" + i));
            }
            await(store.append(s, ExpectedSequence.any(), five));
        }
        writing.set(false);
        reader.join(PATIENCE.toMillis());
        assertNull(torn.get(), torn.get());
        assertEquals(1001, store.readLast(s, 1).get(0).sequence());
    }

    @Test
    void closing_from_a_callback_on_the_writer_thread_does_not_hang() {
        SessionId s = startedSession();
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<AppendResult> append = store.append(s, ExpectedSequence.any(), List.of(message("m")));
        append.whenComplete((r, e) -> {
            store.close();
            closed.countDown();
        });
        await(append);
        eventually(() -> closed.getCount() == 0);
        failure(StoreClosedException.class, store.append(s, ExpectedSequence.any(), List.of(message("n"))));
    }

    @Test
    void the_watchdog_refuses_to_run_on_a_closed_store() {
        store.close();
        assertThrows(StoreClosedException.class, () -> ((DeadlineWatchdog) store).endOverdueCalls());
    }

    @Test
    void create_gives_a_working_store_with_the_defaults() {
        try (InMemorySessionStore defaults = InMemorySessionStore.create()) {
            SessionId s = SessionId.of("defaults");
            AppendResult r = await(defaults.append(s, ExpectedSequence.noSession(),
                    List.of(SessionStarted.initial(null, null, null))));
            assertEquals(1, r.lastSequence());
            assertEquals(0, r.position());
            assertFalse(defaults.summary(s).orElseThrow().ended());
        }
    }

    @Test
    void the_builder_refuses_bad_settings() {
        InMemorySessionStore.Builder b = InMemorySessionStore.builder();
        assertThrows(IllegalArgumentException.class, () -> b.clock(null));
        assertThrows(IllegalArgumentException.class, () -> b.watchdogInterval(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.watchdogInterval(null));
        assertThrows(IllegalArgumentException.class, () -> b.writerQueueCapacity(0));
        assertThrows(IllegalArgumentException.class, () -> b.failureClassifier(null));
        assertThrows(IllegalArgumentException.class, () -> b.views(null));
        assertInstanceOf(DeadlineWatchdog.class, store);
    }

    /** A clock that, once closed, holds whoever asks the time until it is opened again. */
    private static final class GateClock extends Clock {
        private final MutableClock time;
        private final CountDownLatch entered = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GateClock(MutableClock time) {
            this.time = time;
        }

        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Instant instant() {
            entered.countDown();
            try {
                gate.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return time.instant();
        }

        @Override
        public ZoneId getZone() {
            return time.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
