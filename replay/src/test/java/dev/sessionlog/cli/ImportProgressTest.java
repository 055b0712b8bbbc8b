package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.openclaw.FileImportReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ImportProgressTest {
    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @Test
    void without_a_terminal_prints_a_plain_line_every_two_seconds_with_rate_and_eta() {
        ImportProgress progress = new ImportProgress(new PrintWriter(err, true), false, nanos::get, 4);
        nanos.set(1_000_000_000L);
        progress.fileDone(appended(100));
        assertEquals("", err.toString(), "less than two seconds: nothing yet");
        nanos.set(2_000_000_000L);
        progress.fileDone(appended(100));
        assertEquals("import: 2/4 files  200 events  100 events/s  ETA 0:02" + System.lineSeparator(), err.toString());
        nanos.set(4_000_000_000L);
        progress.fileDone(appended(0));
        progress.fileDone(appended(200));
        progress.finish();
        assertTrue(err.toString().endsWith("import: 4/4 files  400 events  100 events/s  took 0:04"
                + System.lineSeparator()), err::toString);
    }

    @Test
    void on_a_terminal_redraws_one_line_with_a_bar() {
        ImportProgress progress = new ImportProgress(new PrintWriter(err, true), true, nanos::get, 2);
        nanos.set(500_000_000L);
        progress.fileDone(appended(10));
        nanos.set(1_000_000_000L);
        progress.fileDone(appended(10));
        progress.finish();
        String out = err.toString();
        assertTrue(out.startsWith("\r[############------------] 1/2 files"), out);
        assertTrue(out.contains("\r[########################] 2/2 files  20 events  20 events/s  took 0:01"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), out);
    }

    /** A file's report that says {@code events} were appended. */
    private static FileImportReport appended(long events) {
        return new FileImportReport("f.jsonl", null, FileImportReport.Status.IMPORTED, events, events, 0, List.of(), "ok");
    }
}
