package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static List<String> read(InputStream in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLineReader reader = new BoundedLineReader(in, limit)) {
            while (reader.next()) {
                lines.add(reader.lineNumber() + ":" + (reader.isOversized() ? "<" + reader.oversizedLength() + " bytes>"
                        : new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lines_end_at_newlines_with_crlf_and_a_missing_last_newline_handled() throws IOException {
        assertEquals(List.of("1:a", "2:", "3:b", "4:c"), read(bytes("a\n\nb\r\nc"), 100));
    }

    @Test
    void a_line_longer_than_the_limit_is_reported_by_length_and_the_next_line_still_read() throws IOException {
        assertEquals(List.of("1:ok", "2:<11 bytes>", "3:fine"), read(bytes("ok\n0123456789X\nfine\n"), 10));
    }

    @Test
    void a_line_exactly_at_the_limit_is_kept() throws IOException {
        assertEquals(List.of("1:0123456789"), read(bytes("0123456789\n"), 10));
    }

    @Test
    void lines_spanning_many_read_chunks_are_joined() throws IOException {
        String longLine = "x".repeat(200_000);
        assertEquals(List.of("1:" + longLine, "2:y"), read(bytes(longLine + "\ny\n"), 1_000_000));
    }

    @Test
    void a_huge_line_is_scanned_without_being_buffered() throws IOException {
        long size = 300L * 1024 * 1024;
        InputStream endless = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        try (BoundedLineReader reader = new BoundedLineReader(endless, 1024)) {
            assertTrue(reader.next());
            assertTrue(reader.isOversized());
            assertEquals(size, reader.oversizedLength());
            assertTrue(reader.bytes().length <= 8 * 1024, "the buffer never grew past its first size");
            assertFalse(reader.next());
        }
    }
}
