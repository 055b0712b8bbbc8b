package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockFileJsonlLogTest extends EventLogContract {
    @Override
    EventLog open(TempDirectory directory) {
        return EventLogKind.JSONL_LOCK.open(directory.path());
    }

    @Test
    void each_append_is_one_line_after_the_header_and_no_lock_file_is_left() throws Exception {
        log.append(ALICE, message("a1"));
        log.append(ALICE, message("a2"));

        List<String> lines = Files.readAllLines(directory.path().resolve("alice.jsonl"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("{\"type\":\"session\""), lines.get(0));
        assertTrue(lines.get(2).contains("a2"), lines.get(2));
        assertFalse(Files.exists(directory.path().resolve("alice.jsonl.lock")));
    }

    @Test
    void an_append_waits_while_another_holder_has_the_lock_file() throws Exception {
        Path lock = directory.path().resolve("alice.jsonl.lock");
        Files.writeString(lock, "{\"pid\":1}");

        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> log.append(ALICE, message("a1")));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> append.get(200, TimeUnit.MILLISECONDS));
        assertEquals(List.of(), log.readLast(ALICE, 50));

        Files.delete(lock);
        append.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("a1"), texts(log.readLast(ALICE, 50)));
    }

    @Test
    void read_last_parses_the_whole_file_and_fails_on_a_corrupt_line() throws Exception {
        log.append(ALICE, message("a1"));
        Files.write(directory.path().resolve("alice.jsonl"), "{not json\n".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        log.append(ALICE, message("a2"));

        assertThrows(UncheckedIOException.class, () -> log.readLast(ALICE, 1));
    }

    @Test
    void the_fsync_variant_stores_the_same_lines() {
        EventLog synced = EventLogKind.JSONL_LOCK_FSYNC.open(directory.path());
        synced.append(ALICE, message("a1"));
        synced.append(ALICE, message("a2"));
        synced.close();

        assertEquals(List.of("a1", "a2"), texts(log.readLast(ALICE, 50)));
    }
}
