package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WholeFileIndexTest extends SessionIndexContract {
    @Override
    SessionIndex open(TempDirectory directory) {
        return SessionIndexKind.WHOLE_FILE.open(directory.path());
    }

    @Test
    void an_update_rewrites_the_file_with_the_changed_entry_and_leaves_no_temporary_or_lock_file() throws Exception {
        index.updateModel(B, "gpt-5.1");

        String json = Files.readString(directory.path().resolve("sessions.json"));
        assertTrue(json.contains("\"model\":\"gpt-5.1\""), json);
        try (Stream<Path> files = Files.list(directory.path())) {
            assertEquals(List.of("sessions.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void a_failed_update_leaves_the_file_as_it_was() throws Exception {
        String before = Files.readString(directory.path().resolve("sessions.json"));

        assertThrows(IllegalArgumentException.class, () -> index.updateModel(SessionId.of("nobody"), "m"));
        assertEquals(before, Files.readString(directory.path().resolve("sessions.json")));
    }
}
