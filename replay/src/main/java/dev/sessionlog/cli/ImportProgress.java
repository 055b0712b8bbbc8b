package dev.sessionlog.cli;

import dev.sessionlog.openclaw.FileImportReport;
import dev.sessionlog.openclaw.ImportListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of an import on stderr: a bar redrawn in place on a terminal (at most ten times a
 * second), otherwise a plain line every few seconds, so logs stay readable. Files, events, rate
 * and time left. The import calls it after each transcript; the command calls {@link #finish()}.
 */
final class ImportProgress implements ImportListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 2_000_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final int totalFiles;
    private final long startNanos;
    private long lastDrawNanos;
    private int files;
    private long events;

    ImportProgress(PrintWriter err, boolean terminal, LongSupplier nanoClock, int totalFiles) {
        this.err = err;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.totalFiles = totalFiles;
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** One more file is done, having appended {@code report.appended()} events. */
    @Override
    public void fileDone(FileImportReport report) {
        files++;
        events += report.appended();
        long now = nanoClock.getAsLong();
        if (now - lastDrawNanos >= (terminal ? REDRAW_NANOS : LINE_NANOS)) {
            lastDrawNanos = now;
            draw(now, false);
        }
    }

    /** The final state, on its own line. */
    void finish() {
        draw(nanoClock.getAsLong(), true);
    }

    private void draw(long now, boolean last) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
        long rate = Math.round(events / seconds);
        String eta = files == 0 ? "?" : duration(Math.round(seconds / files * (totalFiles - files)));
        String text = String.format(Locale.ROOT, "%,d/%,d files  %,d events  %,d events/s  %s %s", files, totalFiles,
                events, rate, last ? "took" : "ETA", last ? duration(Math.round(seconds)) : eta);
        if (terminal) {
            int filled = totalFiles == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * files / totalFiles);
            err.print("\r[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + text + "  ");
            if (last) {
                err.println();
            }
        } else {
            err.println("import: " + text);
        }
        err.flush();
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
