package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without any {@code -Dchronicle.*} switch opens a store, appends and closes: Chronicle
 * prints no announcement and writes no analytics client id (no file at all in the home directory),
 * because the store turns both off itself.
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartupSilenceIT {
    @TempDir
    Path dir;

    /** The child: opens a store, appends one event, closes. */
    public static void main(String[] args) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), StoreFixtures.quiet())) {
            store.append(SessionId.of("quiet"), ExpectedSequence.noSession(), List.of(StoreFixtures.started("q"))).join();
        }
        System.out.println("DONE");
    }

    @Test
    void opening_a_store_prints_no_chronicle_announcement_and_sends_nothing() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new java.util.ArrayList<>(ChildJvm.command(StartupSilenceIT.class, false,
                dir.resolve("store").toString()));
        command.add(1, "-Duser.home=" + home);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("DONE"), output);
        String lower = output.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("running under"), output);
        assertFalse(lower.contains("chronicle.software"), output);
        assertFalse(lower.contains("analytics"), output);
        assertFalse(output.contains("SLF4J"), "no SLF4J notice without a logger: " + output);
        try (var files = Files.walk(home)) {
            // JNA (used by Chronicle's posix layer) may create its empty cache directory; no file may appear
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no file written to the home directory");
        }
    }
}
