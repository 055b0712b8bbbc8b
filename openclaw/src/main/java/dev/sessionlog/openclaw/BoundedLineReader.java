package dev.sessionlog.openclaw;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines as bytes, never holding more than the limit in memory: a line
 * longer than the limit is skipped to its end and reported by its length, so a 200 MB single line
 * costs a scan, not a 200 MB buffer (or a 400 MB String). Not thread-safe.
 */
final class BoundedLineReader implements TranscriptLines {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[8 * 1024];
    private int lineLen;
    private long lineNumber;
    private long oversizedLength;

    /** Reads {@code in}; lines longer than {@code maxLineBytes} are reported as oversized. */
    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Advances to the next line. Returns false at the end of input. After true, either
     * {@link #isOversized()} or the bytes {@link #bytes()}[0, {@link #length()}) hold the line
     * without its terminator (a trailing {@code \r} is dropped too).
     */
    @Override
    public boolean next() throws IOException {
        lineLen = 0;
        oversizedLength = -1;
        long total = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk, 0, CHUNK);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = chunkPos;
            int end = start;
            while (end < chunkLen && chunk[end] != '\n') {
                end++;
            }
            int count = end - start;
            total += count;
            if (oversizedLength < 0 && total > maxLineBytes) {
                oversizedLength = 0;
                lineLen = 0;
            }
            if (oversizedLength < 0) {
                append(start, count);
            }
            chunkPos = end;
            if (end < chunkLen) {
                chunkPos++;
                break;
            }
        }
        lineNumber++;
        if (oversizedLength >= 0) {
            oversizedLength = total;
        } else if (lineLen > 0 && line[lineLen - 1] == '\r') {
            lineLen--;
        }
        return true;
    }

    private void append(int start, int count) {
        if (lineLen + count > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLen + count, Math.min(line.length * 2, maxLineBytes)));
        }
        System.arraycopy(chunk, start, line, lineLen, count);
        lineLen += count;
    }

    /** The 1-based number of the current line. */
    @Override
    public long lineNumber() {
        return lineNumber;
    }

    /** Whether the current line was longer than the limit (its bytes were not kept). */
    @Override
    public boolean isOversized() {
        return oversizedLength >= 0;
    }

    /** The current oversized line's length in bytes. */
    @Override
    public long oversizedLength() {
        return oversizedLength;
    }

    /** The buffer holding the current line; valid until the next call to {@link #next()}. */
    @Override
    public byte[] bytes() {
        return line;
    }

    /** The current line's length in bytes. */
    @Override
    public int length() {
        return lineLen;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
