package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a store another process is writing, and backups killed with SIGKILL: a backup holds,
 * per session, a prefix of what the writer stored, at the same positions, including everything
 * acknowledged before it began; it opens, verifies and can be written to; a killed backup leaves
 * nothing at its destination and the store unharmed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackupIT {
    @TempDir
    Path root;

    @Test
    void a_backup_taken_while_another_jvm_appends_opens_verifies_and_holds_a_prefix_of_every_session()
            throws Exception {
        Path dir = root.resolve("store");
        Map<SessionId, Long> acknowledged = new ConcurrentHashMap<>();
        Process writer = ChildJvm.start(CrashingWriter.class, dir.toString(), "BUFFERED", "b", "-", "2");
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch appending = new CountDownLatch(1);
        Thread acks = new Thread(() -> CrashRecoveryIT.readAcks(writer, acknowledged, ready, appending));
        acks.start();
        assertTrue(appending.await(60, TimeUnit.SECONDS), "the writer acknowledged no append");
        Thread.sleep(300);
        Map<SessionId, Long> beforeBackup = new HashMap<>(acknowledged);
        Path backup = root.resolve("backup");
        BackupReport report;
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
            report = store.backup(backup);
        }
        Thread.sleep(200);
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        acks.join();
        assertTrue(report.events() > 0);
        try (ChronicleSessionStore copy = ChronicleSessionStore.openReadOnly(backup);
             ChronicleSessionStore original = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(List.of(), copy.verify());
            assertEquals(2, copy.partitions());
            for (Map.Entry<SessionId, Long> before : beforeBackup.entrySet()) {
                List<RecordedEvent> copied = copy.read(before.getKey(), 1, Integer.MAX_VALUE);
                assertTrue(copied.size() >= before.getValue(), before.getKey() + ": everything acknowledged before");
                assertEquals(original.read(before.getKey(), 1, copied.size()), copied,
                        before.getKey() + ": a prefix of the original, at the same positions");
            }
            assertTrue(original.read(SessionId.of("crash-0"), 1, Integer.MAX_VALUE).size()
                    > copy.read(SessionId.of("crash-0"), 1, Integer.MAX_VALUE).size(), "the writer went on after it");
        }
        try (ChronicleSessionStore restored = ChronicleSessionStore.open(backup, StoreFixtures.quiet())) {
            for (SessionSummary summary : restored.sessions(SessionQuery.all())) {
                assertEquals(0, summary.openCalls(), "calls open at the backup end as interrupted once restored");
            }
            restored.append(SessionId.of("crash-0"), ExpectedSequence.any(), List.of(StoreFixtures.message("after")))
                    .join();
            assertEquals(List.of(), restored.verify());
        }
    }

    @Test
    void sigkill_during_a_backup_leaves_the_store_unharmed_and_nothing_at_the_destination() throws Exception {
        Path dir = root.resolve("store");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.quiet())) {
            List<CompletableFuture<?>> appends = new java.util.ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                SessionId session = SessionId.of("s-" + (i % 50));
                appends.add(store.append(session, ExpectedSequence.any(), List.of(i < 50 ? StoreFixtures.started("s")
                        : StoreFixtures.message("m" + i))));
            }
            appends.forEach(CompletableFuture::join);
        }
        Random random = new Random(20261204L);
        int killedMidway = 0;
        for (int round = 0; round < 5; round++) {
            Path destination = root.resolve("backup-" + round);
            Process child = ChildJvm.start(BackingUp.class, dir.toString(), destination.toString());
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            Thread lines = new Thread(() -> watch(child, started, finished));
            lines.start();
            assertTrue(started.await(60, TimeUnit.SECONDS));
            Thread.sleep(random.nextInt(600));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            lines.join();
            Path incomplete = root.resolve("backup-" + round + ".incomplete");
            if (finished.get()) {
                try (ChronicleSessionStore copy = ChronicleSessionStore.openReadOnly(destination)) {
                    assertEquals(List.of(), copy.verify());
                }
            } else {
                killedMidway++;
                assertFalse(Files.exists(destination), "round " + round + ": nothing at the destination");
                if (Files.exists(incomplete)) {
                    try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
                        BackupFailedException refused = assertThrows(BackupFailedException.class,
                                () -> store.backup(destination));
                        assertTrue(refused.reason().contains("interrupted backup"), refused.getMessage());
                    }
                }
            }
            try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.quiet())) {
                assertEquals(List.of(), store.verify(), "round " + round);
                assertEquals(400, store.read(SessionId.of("s-7"), 1, Integer.MAX_VALUE).size());
            }
        }
        assertTrue(killedMidway > 0, "some kill landed during a backup");
    }

    private static void watch(Process child, CountDownLatch started, AtomicBoolean finished) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("STARTED")) {
                    started.countDown();
                } else if (line.equals("BACKED UP")) {
                    finished.set(true);
                }
            }
        } catch (java.io.IOException e) {
            // killed mid-line
        }
    }
}
