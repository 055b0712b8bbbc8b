package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launcher and jar, run as separate processes against a store another process (a stand-in
 * gateway) is writing: reads work while it writes, a second writer is refused, tail -f sees new
 * events, and the jar started without flags runs (its manifest grants what Chronicle needs).
 */
class CliEndToEndIT {
    @TempDir
    Path tmp;

    private Path store;
    private Process writer;

    /** The result of one CLI process. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    @BeforeEach
    void startGateway() throws IOException {
        store = tmp.resolve("store");
        List<String> command = new ArrayList<>();
        command.add(ThisJvm.javaBinary());
        command.addAll(ThisJvm.chronicleFlags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GatewayWriterMain.class.getName());
        command.add(store.toString());
        writer = new ProcessBuilder(command).redirectError(tmp.resolve("writer.err").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        assertEquals("ready", first, () -> "writer did not start: " + readQuietly(tmp.resolve("writer.err")));
    }

    @AfterEach
    void stopGateway() throws InterruptedException {
        writer.destroyForcibly();
        writer.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void sessions_and_verify_work_while_another_process_writes() throws Exception {
        Result sessions = launcher("--store", store.toString(), "-o", "jsonl", "sessions");
        assertEquals(0, sessions.exitCode(), sessions::toString);
        assertTrue(sessions.out().contains("\"sessionId\":\"live-gateway-1\""), sessions::toString);

        Result verify = launcher("--store", store.toString(), "verify");
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    void tail_follow_prints_events_the_other_process_appends() throws Exception {
        Result tail = launcher("--store", store.toString(), "tail", "-f", "-n", "0", "--max-events", "6");
        assertEquals(0, tail.exitCode(), tail::toString);
        assertEquals(6, tail.out().lines().count(), tail::toString);
        assertTrue(tail.out().lines().allMatch(line -> line.contains("\"live-gateway-1\"")), tail::toString);
    }

    @Test
    void a_second_writer_is_refused_with_exit_3_and_one_line() throws Exception {
        Path sessions = Files.createDirectories(tmp.resolve("openclaw"));
        Result imported = launcher("--store", store.toString(), "import-openclaw", sessions.toString());
        assertEquals(3, imported.exitCode(), imported::toString);
        assertTrue(imported.err().contains("another process"), imported::toString);
        assertFalse(imported.err().contains("\tat "), imported::toString);
    }

    @Test
    void the_jar_started_without_flags_reads_the_store_another_process_writes() throws Exception {
        Result result = run(List.of(ThisJvm.javaBinary(), "-jar", System.getProperty("sessionlog.jar"), "--store",
                store.toString(), "-o", "jsonl", "sessions"));
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("live-gateway-1"), result::toString);
    }

    @Test
    void a_directory_that_is_not_a_store_exits_3() throws Exception {
        Path notAStore = Files.createDirectories(tmp.resolve("empty"));
        Result result = launcher("--store", notAStore.toString(), "sessions");
        assertEquals(3, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
    }

    private Result launcher(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("sessionlog.launcher"));
        command.addAll(List.of(args));
        return run(command);
    }

    private Result run(List<String> command) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
