package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreLockedException;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Another process writes the store: this one is refused as a second writer and tails it as a reader. */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultiProcessIT {
    private static final SessionId WATCHED = SessionId.of("crash-0");

    @TempDir
    Path dir;
    private Process writer;

    @BeforeEach
    void start_a_writer_process() throws IOException {
        writer = ChildJvm.start(CrashingWriter.class, dir.toString(), "BUFFERED", "mp");
        BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null && !line.startsWith("ACK " + WATCHED)) {
            // wait until the child owns the store and has stored the watched session's first event
        }
        assertTrue(line != null, "the writer process did not open the store");
        Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterEach
    void stop_the_writer_process() throws InterruptedException {
        writer.destroyForcibly();
        writer.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void a_second_writer_process_is_refused_at_once_with_the_owner_pid() throws Exception {
        StoreLockedException refused = assertThrows(StoreLockedException.class,
                () -> ChronicleSessionStore.open(dir, quiet()));
        assertEquals(writer.pid(), refused.ownerPid());
        assertTrue(refused.getMessage().contains("pid " + writer.pid()), refused.getMessage());
        writer.destroyForcibly();
        writer.waitFor(30, TimeUnit.SECONDS);
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet())) {
            assertTrue(store.summary(WATCHED).isPresent(), "the kernel released the dead writer's lock");
        }
    }

    @Test
    void a_reader_process_tails_the_writer_process() throws Exception {
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            ConcurrentLinkedQueue<RecordedEvent> live = new ConcurrentLinkedQueue<>();
            try (Subscription subscription = reader.subscribe(SubscriptionRequest.session(WATCHED, 1), live::add)) {
                long seen = waitForMore(reader, 0);
                long later = waitForMore(reader, seen);
                assertTrue(later > seen);
                List<RecordedEvent> events = reader.read(WATCHED, 1, Integer.MAX_VALUE);
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i + 1, events.get(i).sequence());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (live.size() < later && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(live.size() >= later, "the subscription delivered " + live.size() + " of " + later);
                assertTrue(subscription.isActive());
                assertTrue(reader.summary(WATCHED).orElseThrow().lastSequence() >= later);
            }
        }
    }

    private static long waitForMore(ChronicleSessionStore reader, long than) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<RecordedEvent> last = reader.readLast(WATCHED, 1);
            if (!last.isEmpty() && last.get(0).sequence() > than) {
                return last.get(0).sequence();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the reader saw no event after sequence " + than);
    }
}
