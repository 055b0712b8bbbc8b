package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.StoreFullException;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a 64 MiB tmpfs mounted by the test (needs root; skipped with a message elsewhere) is
 * filled: appends are refused with StoreFullException before the disk is full, everything stored
 * stays readable, and appends succeed again once space is freed.
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DiskFullIT {
    private static final SessionId SESSION = SessionId.of("full");
    private static final String TEXT = "x".repeat(32 * 1024);

    @TempDir
    Path parent;
    private Path mount;

    @BeforeEach
    void mount_a_small_file_system() throws Exception {
        mount = parent.resolve("small");
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(mounting.getInputStream().readAllBytes());
        boolean mounted = mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a 64 MiB tmpfs here (needs root): " + output.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void a_full_disk_refuses_appends_with_store_full_keeps_everything_readable_and_recovers() throws IOException {
        Path ballast = mount.resolve("ballast");
        Files.write(ballast, new byte[12 << 20]);
        Path dir = mount.resolve("store");
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES)
                .watchdogInterval(Duration.ZERO).durability(ChronicleStoreOptions.Durability.SYNC).build();
        long stored;
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("full"))).join();
            stored = fillUntilFull(store);
            assertEquals(stored, store.read(SESSION, 1, Integer.MAX_VALUE).size(), "everything acknowledged is readable");
            Files.delete(ballast);
            long after = store.append(SESSION, ExpectedSequence.any(), List.of(message(-1))).join().lastSequence();
            assertEquals(stored + 1, after, "appends succeed again once space is freed");
            stored = after;
        }
        try (ChronicleSessionStore reopened = ChronicleSessionStore.open(dir, options)) {
            List<RecordedEvent> events = reopened.read(SESSION, 1, Integer.MAX_VALUE);
            assertEquals(stored, events.size());
            assertEquals(List.of(), reopened.verify());
        }
    }

    /** Appends 32 KiB messages until one is refused; returns the session's last sequence. */
    private static long fillUntilFull(ChronicleSessionStore store) {
        long last = 1;
        for (int i = 0; i < 10_000; i++) {
            try {
                last = store.append(SESSION, ExpectedSequence.any(), List.of(message(i))).join().lastSequence();
            } catch (CompletionException e) {
                SessionStoreException refused = assertInstanceOf(StoreFullException.class, e.getCause());
                assertTrue(refused.retryable());
                assertTrue(((StoreFullException) refused).usableBytes() < ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES + TEXT.length() * 2L);
                return last;
            }
        }
        throw new AssertionError("10,000 appends of 32 KiB fitted on a 64 MiB file system");
    }

    private static UserMessageReceived message(int i) {
        return UserMessageReceived.text("m" + i, TEXT);
    }
}
