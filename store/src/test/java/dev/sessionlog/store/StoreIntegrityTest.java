package dev.sessionlog.store;

import static dev.sessionlog.testing.Bytes.indexOf;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.onePartition;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIntegrityTest {
    private static final int SESSIONS = 10;
    private static final int MESSAGES = 100;

    @TempDir
    Path dir;

    private Path checkpoint() {
        return dir.resolve("index.checkpoint");
    }

    private void fill(int from, int to) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            for (int s = 0; s < SESSIONS; s++) {
                SessionId session = SessionId.of("s" + s);
                if (from == 0) {
                    store.append(session, ExpectedSequence.noSession(), List.of(started("k" + s))).join();
                }
                for (int m = from; m < to; m++) {
                    store.append(session, ExpectedSequence.any(), List.of(message("s" + s + "-m" + m))).join();
                }
            }
        }
    }

    private void assertEverythingReadable(int messages) {
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, onePartition())) {
            assertAllSessions(writer, messages);
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertAllSessions(reader, messages);
        }
    }

    private static void assertAllSessions(ChronicleSessionStore store, int messages) {
        for (int s = 0; s < SESSIONS; s++) {
            List<RecordedEvent> events = store.read(SessionId.of("s" + s), 1, 10_000);
            assertEquals(messages + 1, events.size(), "events of s" + s);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).sequence());
            }
        }
    }

    @Test
    void the_checkpoint_is_written_on_close_and_describes_the_whole_log() throws IOException {
        fill(0, MESSAGES);
        assertTrue(Files.size(checkpoint()) > SESSIONS * (MESSAGES + 1) * 8L);
        assertEverythingReadable(MESSAGES);
    }

    @Test
    void a_truncated_checkpoint_is_rebuilt_from_the_log_and_nothing_is_lost() throws IOException {
        fill(0, MESSAGES);
        byte[] bytes = Files.readAllBytes(checkpoint());
        Files.write(checkpoint(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEverythingReadable(MESSAGES);
    }

    @Test
    void a_corrupt_checkpoint_is_rebuilt_from_the_log_and_nothing_is_lost() throws IOException {
        fill(0, MESSAGES);
        byte[] bytes = Files.readAllBytes(checkpoint());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(checkpoint(), bytes);
        assertEverythingReadable(MESSAGES);
    }

    @Test
    void a_stale_checkpoint_is_completed_by_scanning_the_log_after_it() throws IOException {
        fill(0, MESSAGES);
        Path old = dir.resolve("old.checkpoint");
        Files.copy(checkpoint(), old);
        fill(MESSAGES, MESSAGES * 2);
        Files.move(old, checkpoint(), StandardCopyOption.REPLACE_EXISTING);
        assertEverythingReadable(MESSAGES * 2);
    }

    @Test
    void a_missing_checkpoint_is_rebuilt_from_the_log() throws IOException {
        fill(0, MESSAGES);
        Files.delete(checkpoint());
        assertEverythingReadable(MESSAGES);
    }

    @Test
    void corrupted_bytes_in_a_record_are_reported_by_verify_and_the_other_records_stay_readable() throws IOException {
        fill(0, MESSAGES);
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(List.of(), store.verify());
        }
        corrupt("hello s3-m50");
        for (int open = 0; open < 2; open++) {
            try (ChronicleSessionStore store = open == 0 ? ChronicleSessionStore.openReadOnly(dir)
                    : ChronicleSessionStore.open(dir, onePartition())) {
                List<StoreProblem> problems = store.verify();
                assertEquals(2, problems.size(), problems.toString());
                assertTrue(problems.get(0).description().contains("checksum"), problems.toString());
                assertTrue(problems.get(1).description().contains("sequences 52 to 52 of session s3 are missing"),
                        problems.toString());
                List<RecordedEvent> damaged = store.read(SessionId.of("s3"), 1, 10_000);
                assertEquals(MESSAGES, damaged.size());
                assertTrue(damaged.stream().noneMatch(e -> e.sequence() == 52));
                assertEquals(MESSAGES + 1, damaged.get(damaged.size() - 1).sequence());
                assertEquals(MESSAGES + 1, store.read(SessionId.of("s4"), 1, 10_000).size());
            }
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            long next = store.append(SessionId.of("s3"), ExpectedSequence.any(), List.of(message("after"))).join()
                    .firstSequence();
            assertEquals(MESSAGES + 2, next);
            assertEquals(new UserMessageReceived("after", List.of(new dev.sessionlog.event.ContentBlock.Text("hello after")),
                    null), store.readLast(SessionId.of("s3"), 1).get(0).event());
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void a_day_file_left_without_its_first_header_by_a_killed_writer_is_recovered_on_open() throws IOException {
        ChronicleSessionStore.open(dir, onePartition()).close();
        String today = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'F'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        byte[] claimedHeader = new byte[64 * 1024];
        claimedHeader[3] = (byte) 0x80; // the "not complete" bit of the first header, length 0, little-endian
        Files.write(dir.resolve("log").resolve(today + ".cq4"), claimedHeader);
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(List.of(), reader.read(SessionId.of("s0"), 1, 10));
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(SessionId.of("s0"), ExpectedSequence.noSession(), List.of(started("k0"))).join();
            assertEquals(1, store.read(SessionId.of("s0"), 1, 10).size());
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(1, reader.read(SessionId.of("s0"), 1, 10).size());
            assertEquals(List.of(), reader.verify());
        }
    }

    /** Flips one byte of the first occurrence of {@code text} in the log's day files. */
    private void corrupt(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                int at = indexOf(bytes, needle);
                if (at >= 0) {
                    bytes[at + needle.length - 1] ^= 0x01;
                    Files.write(file, bytes);
                    return;
                }
            }
        }
        throw new AssertionError("text not found in the log: " + text);
    }
}
