package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.openclaw.OpenClawFiles;
import dev.sessionlog.testing.Bytes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a Chronicle store whose day file was cut short or had a header bit flipped: read
 * commands show what is readable and exit 1 with one warning line, verify names the file, the byte
 * and the lost events (never a log position as a sequence), a command that writes is refused with
 * exit 3 and one line pointing to repair, and repair salvages the store.
 */
class DamagedStoreCliTest {
    @TempDir
    Path tmp;

    private Path store;
    private Path dayFile;
    private final ChronicleStoreOpener opener = new ChronicleStoreOpener();

    @BeforeEach
    void fill() throws IOException {
        store = tmp.resolve("store");
        // one partition: the tests below read and damage its log's files
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store,
                ChronicleStoreOptions.defaults().withPartitions(1))) {
            Stores.fill(writer);
        }
        try (Stream<Path> files = Files.list(store.resolve("log"))) {
            dayFile = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(opener, all);
    }

    /** Cuts the day file inside bob-1's answer ("Pong", sequence 4): sequences 4 and 5 of bob-1 are lost. */
    private long cutInsideBobsAnswer() throws IOException {
        long at = indexOf(Files.readAllBytes(dayFile), "Pong");
        try (RandomAccessFile file = new RandomAccessFile(dayFile.toFile(), "rw")) {
            file.setLength(at);
        }
        return at;
    }

    @Test
    void verify_names_the_file_the_byte_and_the_lost_events_and_exits_1() throws IOException {
        cutInsideBobsAnswer();
        CliRun run = run("verify");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        List<JsonNode> problems = CommandTestSupport.jsonLines(run.out());
        assertTrue(problems.stream().anyMatch(p -> p.get("file").asText().endsWith(dayFile.getFileName().toString())
                && p.get("offset").asLong() > 0), run::toString);
        assertTrue(problems.stream().anyMatch(p -> p.get("check").asText().equals("lost")
                && p.get("session").asText().equals("bob-1") && p.get("sequence").asLong() == 4), run::toString);
        for (JsonNode problem : problems) {
            assertTrue(problem.get("sequence").asLong() < 1L << 32, "a log position printed as a sequence: " + problem);
        }
    }

    @Test
    void read_commands_show_what_is_readable_warn_once_and_exit_1() throws IOException {
        cutInsideBobsAnswer();
        CliRun run = run("events", "alice-1");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        assertEquals(8, run.out().lines().count(), "alice-1 is intact: " + run);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("damaged") && run.err().contains("sessionlog repair"), run::toString);
        CliRun bob = run("events", "bob-1");
        assertEquals(3, bob.out().lines().count(), "what is left of bob-1: " + bob);
    }

    @Test
    void a_command_that_writes_is_refused_with_exit_3_and_one_line_pointing_to_repair() throws IOException {
        cutInsideBobsAnswer();
        long size = Files.size(dayFile);
        CliRun run = run("import-openclaw", OpenClawFiles.sessionsDirectory(tmp).toString());
        assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertTrue(run.err().contains("sessionlog repair --store"), run::toString);
        assertTrue(run.err().contains("bob-1 sequences 4 to 5"), run::toString);
        assertEquals(size, Files.size(dayFile), "nothing was written");
    }

    @Test
    void repair_lists_what_was_lost_and_the_store_is_healthy_and_writable_again() throws IOException {
        cutInsideBobsAnswer();
        CliRun repair = run("repair");
        assertEquals(ExitCodes.OK, repair.exitCode(), repair::toString);
        List<JsonNode> found = CommandTestSupport.jsonLines(repair.out());
        assertTrue(found.stream().anyMatch(p -> p.get("check").asText().equals("lost")
                && p.get("session").asText().equals("bob-1") && p.get("sequence").asLong() == 4), repair::toString);
        assertTrue(repair.err().contains("moved the damaged log"), repair::toString);
        CliRun verify = run("verify");
        assertEquals(ExitCodes.OK, verify.exitCode(), verify::toString);
        assertTrue(verify.err().contains("2 sessions, 11 events checked; 0 problem(s)"), verify::toString);
        CliRun imported = run("import-openclaw", OpenClawFiles.sessionsDirectory(tmp).toString());
        assertEquals(ExitCodes.OK, imported.exitCode(), imported::toString);
    }

    @Test
    void repair_of_a_healthy_store_changes_nothing() {
        CliRun repair = run("repair");
        assertEquals(ExitCodes.OK, repair.exitCode(), repair::toString);
        assertTrue(repair.err().contains("is healthy; nothing was changed"), repair::toString);
    }

    @Test
    void a_flipped_bit_in_a_record_length_header_is_reported_by_verify_not_thrown() throws IOException {
        byte[] bytes = Files.readAllBytes(dayFile);
        int text = indexOf(bytes, "What's the weather?");
        int header = text - 64;
        while (header > 0 && !(bytes[header] == 1 && bytes[header + 2] == "alice-1".length()
                && new String(bytes, header + 3, 7, StandardCharsets.US_ASCII).equals("alice-1"))) {
            header--;
        }
        bytes[header - 4] ^= 0x04; // the low byte of the Chronicle header before the record
        Files.write(dayFile, bytes);
        CliRun run = run("verify");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        assertFalse(run.hasStackTrace(), run::toString);
        assertTrue(run.out().contains("header"), run::toString);
        CliRun repair = run("repair");
        assertEquals(ExitCodes.OK, repair.exitCode(), repair::toString);
        assertFalse(repair.out().contains("\"lost\""), "the record is intact; nothing is lost: " + repair);
        assertEquals(ExitCodes.OK, run("verify").exitCode());
    }

    private static int indexOf(byte[] haystack, String text) {
        int at = Bytes.indexOf(haystack, text);
        if (at < 0) {
            throw new AssertionError("not in the day file: " + text);
        }
        return at;
    }
}
