package dev.sessionlog.openclaw;

import java.io.IOException;

/**
 * The lines of one transcript, wherever they are stored: a file ({@link BoundedLineReader}) or the
 * rows of OpenClaw's {@code transcript_events} table ({@link DatabaseLines}). A line longer than the
 * reader's limit is reported by its length and never held in memory. Not thread-safe.
 */
interface TranscriptLines extends AutoCloseable {

    /**
     * Advances to the next line. Returns false at the end. After true, either {@link #isOversized()}
     * or the bytes {@link #bytes()}[0, {@link #length()}) hold the line without its terminator.
     */
    boolean next() throws IOException;

    /** The 1-based number of the current line (a file's line, a table's row in order). */
    long lineNumber();

    /** Whether the current line was longer than the limit (its bytes were not kept). */
    boolean isOversized();

    /** The current oversized line's length in bytes. */
    long oversizedLength();

    /** The buffer holding the current line; valid until the next call to {@link #next()}. */
    byte[] bytes();

    /** The current line's length in bytes. */
    int length();

    @Override
    void close() throws IOException;
}
