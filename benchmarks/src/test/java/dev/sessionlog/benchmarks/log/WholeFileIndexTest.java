package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WholeFileIndexTest {
    private static final SessionId A = SessionId.of("a");
    private static final SessionId B = SessionId.of("b");
    private static final SessionId C = SessionId.of("c");

    private TempDirectory directory;
    private SessionIndex index;

    @BeforeEach
    void open() {
        directory = TempDirectory.create("test");
        index = SessionIndexKind.WHOLE_FILE.open(directory.path());
        index.createSessions(List.of(A, B, C));
    }

    @AfterEach
    void close() {
        index.close();
        directory.close();
    }

    @Test
    void an_update_rewrites_the_file_with_the_changed_entry_and_leaves_no_temporary_or_lock_file() throws Exception {
        Thread.sleep(2);
        index.updateModel(B, "gpt-5.1");

        String json = Files.readString(directory.path().resolve("sessions.json"));
        assertTrue(json.contains("\"model\":\"gpt-5.1\""), json);
        try (Stream<Path> files = Files.list(directory.path())) {
            assertEquals(List.of("sessions.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void listing_puts_the_most_recently_updated_session_first_and_keeps_every_session() throws Exception {
        Thread.sleep(2);
        index.updateModel(C, "m1");
        Thread.sleep(2);
        index.updateModel(A, "m2");

        List<SessionId> sessions = index.listSessions();
        assertEquals(List.of(A, C, B), sessions);
    }

    @Test
    void updating_an_unknown_session_fails_and_keeps_the_file() throws Exception {
        String before = Files.readString(directory.path().resolve("sessions.json"));

        assertThrows(IllegalArgumentException.class, () -> index.updateModel(SessionId.of("nobody"), "m"));
        assertEquals(before, Files.readString(directory.path().resolve("sessions.json")));
        assertEquals(3, index.listSessions().size());
    }
}
