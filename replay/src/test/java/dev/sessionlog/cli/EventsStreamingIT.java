package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 12: {@code sessionlog events <id>} streams a session page by page instead of
 * holding it whole. A session of 100,000 events of 1,000 characters each (over 100 MB as objects)
 * is printed by a JVM limited to 48 MB of heap, in every output format; holding the session would
 * run out of memory.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventsStreamingIT {
    private static final int EVENTS = 100_000;

    @TempDir
    Path tmp;

    @Test
    void a_session_much_bigger_than_the_heap_is_printed_page_by_page() throws Exception {
        for (String format : List.of("jsonl", "json", "table")) {
            Path out = tmp.resolve("out-" + format);
            Path err = tmp.resolve("err-" + format);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx48m", "-cp", System.getProperty("java.class.path"), StreamingEventsMain.class.getName(),
                    tmp.toString(), Integer.toString(EVENTS), "1000", format)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(child.waitFor(240, TimeUnit.SECONDS), format + ": timed out");
            assertEquals(0, child.exitValue(), format + ": " + Files.readString(err));
            String last = format.equals("table") ? "^\\s*" + EVENTS + "\\s.*" : ".*\"m" + EVENTS + "\".*";
            long lines;
            try (var stream = Files.lines(out)) {
                lines = stream.filter(line -> line.matches(last)).count();
            }
            assertEquals(1, lines, format + ": the last event was printed");
        }
    }
}
