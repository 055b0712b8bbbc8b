package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.openclaw.OpenClawFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-openclaw}'s own behaviour: arguments, exit codes, report and progress output. What
 * the import does to a store is {@code OpenClawImportTest}'s, in the openclaw module.
 */
class ImportOpenclawCommandTest {
    @TempDir
    Path tmp;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    private Path sessions;
    private Path storeDir;

    @BeforeEach
    void files() {
        sessions = OpenClawFiles.sessionsDirectory(tmp);
        storeDir = tmp.resolve("store");
    }

    private CliRun importIt(Path source) {
        return CliRun.run(opener, "--store", storeDir.toString(), "import-openclaw", source.toString());
    }

    @Test
    void imports_every_transcript_with_a_per_file_report_and_skips_lock_files() {
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> reports = CommandTestSupport.jsonLines(run.out());
        assertEquals(4, reports.size(), run::toString);
        assertEquals(3, reports.stream().filter(r -> r.get("status").asText().equals("IMPORTED")).count(), run::toString);
        assertTrue(reports.stream().anyMatch(r -> r.get("file").asText().endsWith(".jsonl.lock")
                && r.get("status").asText().equals("SKIPPED") && r.get("session").isNull()), run::toString);
        assertTrue(reports.stream().anyMatch(r -> r.get("file").asText().equals("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl")
                && r.get("session").asText().equals("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11")), run::toString);
        assertTrue(run.err().contains("3 imported, 0 resumed, 1 skipped, 0 failed"), run::toString);
        assertEquals(List.of("read-write " + storeDir), opener.opens);
    }

    @Test
    void binary_garbage_fails_that_file_with_one_line_and_exit_4_and_the_others_still_import() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(sessions.resolve("0a1b2c3d-0000-4000-8000-00000000dead.jsonl"), garbage);
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertEquals(1, run.err().lines().filter(l -> l.contains("00000000dead.jsonl")).count(), run::toString);
        assertTrue(run.err().contains("3 imported"), run::toString);
    }

    @Test
    void a_200_mb_single_line_fails_that_file_without_exhausting_memory() throws IOException {
        Path huge = sessions.resolve("0a1b2c3d-0000-4000-8000-0000000000ff.jsonl");
        try (OutputStream out = Files.newOutputStream(huge)) {
            out.write("{\"type\":\"session\",\"version\":3,\"id\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        CliRun run = importIt(sessions);
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.contains("0000000000ff.jsonl") && l.length() < 600), run::toString);
    }

    @Test
    void a_missing_or_non_directory_source_exits_4() throws IOException {
        CliRun missing = importIt(tmp.resolve("nowhere"));
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("no such directory"), missing::toString);
        CliRun file = importIt(Files.writeString(tmp.resolve("a-file"), "x"));
        assertEquals(ExitCodes.BAD_INPUT, file.exitCode(), file::toString);
    }

    @Test
    void a_terminal_gets_a_progress_bar_on_stderr_and_a_table_report() {
        CliRun run = CliRun.run(opener, true, Map.of(), "--store", storeDir.toString(), "import-openclaw",
                sessions.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("] 3/3 files"), run::toString);
        assertTrue(run.out().startsWith("FILE"), run::toString);
    }
}
