package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.openclaw.OpenClawFiles;
import dev.sessionlog.store.ChronicleSessionStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-openclaw} at the scale of a busy install, through the built launcher: 2,000
 * transcripts imported (the time is printed, not asserted: the machine is shared), an import killed
 * with SIGKILL half way and run again ends with the same store as one clean run, and a further run
 * appends nothing.
 */
class ImportAtScaleIT {
    private static final int FILES = 2000;
    private static final int TURNS = 20;

    @TempDir
    Path tmp;

    @Test
    void two_thousand_transcripts_import_and_a_killed_import_resumes_to_the_same_store() throws Exception {
        Path sessions = Files.createDirectories(tmp.resolve("sessions"));
        for (int i = 0; i < FILES; i++) {
            String id = new UUID(0x5e55_1000_0000_4000L, 0x8000_0000_0000_0000L | i).toString();
            OpenClawFiles.write(sessions.resolve(id + ".jsonl"), OpenClawFiles.transcript(id, TURNS));
        }
        Path clean = tmp.resolve("clean");
        long start = System.nanoTime();
        assertEquals(0, importInto(clean, sessions, false).waitFor());
        double cleanSeconds = (System.nanoTime() - start) / 1e9;

        Path killed = tmp.resolve("killed");
        Process first = importInto(killed, sessions, true);
        BufferedReader progress = new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = progress.readLine()) != null && !line.startsWith("import: ")) {
            // wait for the first progress line: files are being imported
        }
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        Process resumed = importInto(killed, sessions, false);
        assertEquals(0, resumed.waitFor(), () -> read(tmp.resolve("err.txt")));

        start = System.nanoTime();
        Process again = importInto(clean, sessions, false);
        assertEquals(0, again.waitFor());
        String againErr = read(tmp.resolve("err.txt"));
        double againSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(againErr.contains("0 imported, 0 resumed, " + FILES + " skipped, 0 failed; 0 events appended"), againErr);

        assertEquals(contents(clean), contents(killed));
        System.err.printf(Locale.ROOT, "import-openclaw of %d transcripts (%d events each): %.1f s; "
                + "second run (nothing to import): %.1f s%n", FILES, 2 + 2 * TURNS, cleanSeconds, againSeconds);
    }

    /** Starts an import; its report is discarded, its stderr piped ({@code pipeErr}) or written to err.txt. */
    private Process importInto(Path store, Path sessions, boolean pipeErr) throws IOException {
        List<String> command = List.of(System.getProperty("sessionlog.launcher"), "--store", store.toString(),
                "-o", "jsonl", "import-openclaw", sessions.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(pipeErr ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.to(tmp.resolve("err.txt").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every session's events without the store-assigned ids and times, in session order. */
    private static List<String> contents(Path store) {
        List<String> contents = new ArrayList<>();
        try (ChronicleSessionStore opened = ChronicleSessionStore.openReadOnly(store)) {
            opened.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).sorted().forEach(id ->
                    SessionEvents.forEach(opened, id, (RecordedEvent event) -> contents.add(id + " " + event.sequence()
                            + " " + event.event() + " " + event.metadata())));
        }
        return contents;
    }
}
