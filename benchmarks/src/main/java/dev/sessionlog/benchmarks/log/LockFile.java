package dev.sessionlog.benchmarks.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock file taken the way lock-file gateways take it: create {@code <file>.lock} exclusively with
 * the owner's pid inside, retry with exponential backoff while it exists, delete it to release.
 * Nothing releases it if the holder dies: the weakness sessionlog removes.
 */
final class LockFile {
    private static final long FIRST_BACKOFF_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_BACKOFF_NANOS = Duration.ofMillis(50).toNanos();
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);
    private static final long PID = ProcessHandle.current().pid();

    private LockFile() {}

    /** Takes the lock {@code lock}, waiting while another holder has it; runs {@code action}; releases it. */
    static void withLock(Path lock, IoAction action) {
        acquire(lock);
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(lock);
        }
    }

    private static void acquire(Path lock) {
        byte[] owner = ("{\"pid\":" + PID + ",\"createdAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
        long backoff = FIRST_BACKOFF_NANOS;
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            try {
                Files.write(lock, owner, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException held) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("lock " + lock + " still held after " + GIVE_UP_AFTER, held);
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void release(Path lock) {
        try {
            Files.delete(lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a lock file", e);
        }
    }

    /** File work done under the lock. */
    interface IoAction {
        void run() throws IOException;
    }
}
