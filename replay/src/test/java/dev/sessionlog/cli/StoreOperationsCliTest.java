package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that change or copy a store ({@code backup}, {@code delete}, {@code compact}, {@code doctor --fix}) on real Chronicle stores. */
class StoreOperationsCliTest {
    @TempDir
    Path tmp;

    private Path store;
    private final ChronicleStoreOpener opener = new ChronicleStoreOpener();

    @BeforeEach
    void fill() {
        store = tmp.resolve("store");
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store, options())) {
            Stores.fill(writer);
        }
    }

    private static ChronicleStoreOptions options() {
        return ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO)
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
    }

    private CliRun run(Path dir, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(opener, all);
    }

    @Test
    void backup_writes_a_copy_that_verifies_and_lists_the_same_sessions() {
        Path backup = tmp.resolve("backup");
        CliRun run = run(store, "backup", backup.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        JsonNode report = CommandTestSupport.parse(run.out().strip());
        assertTrue(report.get("backup.verified").asBoolean(), run::toString);
        assertEquals(ExitCodes.OK, run(backup, "verify").exitCode());
        assertEquals(run(store, "sessions").out(), run(backup, "sessions").out());
    }

    @Test
    void backup_refuses_a_destination_that_exists_or_cannot_be_created_with_exit_2_and_one_line() throws IOException {
        Path existing = Files.createDirectory(tmp.resolve("existing"));
        Path underAFile = Files.writeString(tmp.resolve("a-file"), "x").resolve("backup");
        for (Path destination : List.of(existing, underAFile, store.resolve("inside"))) {
            CliRun run = run(store, "backup", destination.toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("cannot back up to " + destination), run::toString);
            assertFalse(run.hasStackTrace(), run::toString);
        }
        assertFalse(Files.exists(underAFile));
        assertFalse(Files.exists(store.resolve("inside")));
    }

    @Test
    void delete_erases_the_session_from_every_file_and_an_unknown_session_is_a_usage_error() throws IOException {
        CliRun run = run(store, "delete", Stores.ALICE.value());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("\"eventsErased\""), run::toString);
        assertEquals(List.of(), filesHolding(store, "What's the weather?"));
        assertEquals(ExitCodes.USAGE, run(store, "events", Stores.ALICE.value()).exitCode());
        assertEquals(ExitCodes.OK, run(store, "events", Stores.BOB.value()).exitCode());
        assertEquals(ExitCodes.OK, run(store, "verify").exitCode());

        CliRun unknown = run(store, "delete", "nobody-here");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("no session nobody-here"), unknown::toString);
        CliRun notAStore = run(Files.createDirectory(tmp.resolve("empty")), "delete", "x");
        assertEquals(ExitCodes.STORE_UNAVAILABLE, notAStore.exitCode(), notAStore::toString);
        assertFalse(Files.exists(tmp.resolve("empty").resolve("log")), "a directory that is no store is not made one");
    }

    @Test
    void delete_and_compact_are_refused_while_a_writer_holds_the_store() {
        try (ChronicleSessionStore gateway = ChronicleSessionStore.open(store, options())) {
            for (String[] command : List.of(new String[] {"delete", Stores.BOB.value()}, new String[] {"compact"},
                    new String[] {"doctor", "--fix"})) {
                CliRun run = run(store, command);
                assertEquals(ExitCodes.STORE_UNAVAILABLE, run.exitCode(), run::toString);
                assertFalse(run.hasStackTrace(), run::toString);
            }
            assertFalse(gateway.read(Stores.BOB, 1, 10).isEmpty(), "the refused delete changed nothing");
        }
    }

    @Test
    void compact_reports_the_day_files_it_removed() {
        CliRun run = run(store, "compact");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(0, CommandTestSupport.parse(run.out().strip()).get("dayFilesRemoved").asInt(), run::toString);
    }

    @Test
    void doctor_fix_ends_a_stuck_call_records_why_and_leaves_nothing_to_report() {
        SessionId stuck = SessionId.of("stuck-1");
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store, options())) {
            SessionHandle chat = writer.session(stuck);
            chat.receiveUserMessage("m-1", "hello");
            writer.append(stuck, ExpectedSequence.any(), List.of(new ModelCallStarted(CallId.of("c-1"), "openai",
                    "gpt-5", 1, Instant.now().minus(Duration.ofHours(1))))).join();
        }
        assertEquals(ExitCodes.PROBLEMS_FOUND, run(store, "doctor").exitCode());

        CliRun fix = run(store, "doctor", "--fix");
        assertEquals(ExitCodes.OK, fix.exitCode(), fix::toString);
        JsonNode fixed = CommandTestSupport.jsonLines(fix.out()).stream()
                .filter(f -> f.get("check").asText().equals("fix")).findFirst().orElseThrow();
        assertEquals("stuck-1", fixed.get("session").asText());
        assertTrue(fixed.get("detail").asText().startsWith("ended call c-1 to openai/gpt-5 as INTERRUPTED: stuck"),
                fixed::toString);
        assertEquals(ExitCodes.OK, run(store, "doctor").exitCode());
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(store)) {
            List<RecordedEvent> last = reader.readLast(stuck, 2);
            assertTrue(last.get(0).event() instanceof ModelCallFailed, last::toString);
            CustomEntryRecorded why = (CustomEntryRecorded) last.get(1).event();
            assertEquals(StuckCallFixer.ENTRY_TYPE, why.customType());
            assertTrue(why.data().contains("\"callId\":\"c-1\"") && why.data().contains("past its deadline"), why::data);
        }
    }

    @Test
    void stats_reports_the_bytes_allocated_beside_the_apparent_size_of_the_sparse_files() {
        CliRun run = run(store, "stats");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        JsonNode stats = CommandTestSupport.parse(run.out().strip());
        long apparent = stats.get("storage.apparentBytes").asLong();
        long allocated = stats.get("storage.allocatedBytes").asLong();
        assertTrue(allocated > 0 && allocated < apparent / 4, "allocated " + allocated + ", apparent " + apparent);
    }

    private static List<Path> filesHolding(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                            .contains(new String(needle, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
