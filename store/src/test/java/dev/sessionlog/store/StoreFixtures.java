package dev.sessionlog.store;

import dev.sessionlog.CallId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/** Events and options the store tests share. */
final class StoreFixtures {
    private StoreFixtures() {}

    static SessionEvent started(String key) {
        return SessionStarted.initial(new SessionKey("agent:main:test:" + key), "main", "test");
    }

    static SessionEvent message(String id) {
        return UserMessageReceived.text(id, "hello " + id);
    }

    static ModelCallStarted callStarted(String callId, Instant deadline) {
        return new ModelCallStarted(CallId.of(callId), "anthropic", "claude-sonnet-4-6", 1, deadline);
    }

    /** Copies the directory tree {@code from} to {@code to}, a store's files as they are; returns {@code to}. */
    static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /**
     * Options without the scheduled watchdog, so a test decides when deadlines are checked; a store
     * they create has the default partitions (one per processor).
     */
    static ChronicleStoreOptions quiet() {
        return ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO).diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
    }

    /**
     * {@link #quiet()} for a store of one partition (store format 1: its log and checkpoints directly
     * in the store directory), for tests that read or damage those files.
     */
    static ChronicleStoreOptions onePartition() {
        return quiet().withPartitions(1);
    }
}
