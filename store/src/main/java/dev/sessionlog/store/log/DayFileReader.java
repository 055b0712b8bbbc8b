package dev.sessionlog.store.log;

import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads one day file's bytes directly, through a {@link FileChannel}: never through Chronicle and
 * never memory-mapped, so no damage (a file cut short, zeros where records were, a flipped bit) can
 * fault the JVM, and nothing is ever written. It knows as much of Chronicle's file layout as finding
 * the records takes: every document starts on a 4-byte boundary with a little-endian header word
 * (bit 31: not complete, bit 30: metadata, the rest: the length), the file's first document holds
 * the position of its last document ({@code writePosition}), and the data documents are counted
 * from 0 in each file to make their Chronicle index. Our own records are self-delimiting and
 * checksummed ({@link RecordFormat}), which is what lets a scan recognise a record whose Chronicle
 * header was damaged and find the next intact record after damage.
 *
 * <p>Threads: one at a time; a reader is cheap to open and holds a file handle until closed. Safe to
 * use while a writer appends: what it has not completed is not read.
 */
public final class DayFileReader implements AutoCloseable {
    private static final int NOT_COMPLETE = 0x80000000;
    private static final int META_DATA = 0x40000000;
    private static final int LENGTH_MASK = 0x3FFFFFFF;
    private static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
    /** The longest document Chronicle writes: a quarter of the block size. */
    private static final int MAX_DOCUMENT = (int) (StoreMetadata.BLOCK_SIZE / 4);
    private static final int WINDOW = 1 << 20;
    private static final int FIELD_NAME_0 = 0xC0;
    private static final int PADDING = 0x8F;
    private static final int PADDING_32 = 0x8E;
    private static final int INT64_ARRAY = 0x8D;
    private static final byte[] WRITE_POSITION = "writePosition".getBytes(StandardCharsets.US_ASCII);

    private final LogFiles.DayFile file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart = -1;
    private int windowLength;

    /** Receives what a {@link #scan} finds, in file order. */
    public interface Visitor {
        /**
         * A data record, or bytes that were one.
         *
         * @param offset where its Chronicle header is in the file
         * @param index its Chronicle index, or -1 when Chronicle cannot reach it (its header is
         *     damaged, or damage before it in this file put Chronicle's count of records out of step)
         * @param record the record, or what is wrong with it
         */
        void record(long offset, long index, Either<String, RecordFormat.Frame> record);

        /** Damage that is not one record's (zeros, a broken header, a file cut short), for people. */
        void damage(long offset, String description);
    }

    private DayFileReader(LogFiles.DayFile file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code file} for reading. */
    public static DayFileReader open(LogFiles.DayFile file) {
        try {
            FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
            return new DayFileReader(file, channel, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }

    /**
     * What makes the end of this file unsafe to read or write through Chronicle, if anything: the
     * file is empty or ends inside its header; it ends before its last document; zeros stand where
     * that document was; or the document is cut short or does not check. Reads the header and the
     * last document only. A first header left incomplete (or never written) by a writer killed as it
     * created the file is not damage: the file never held a record.
     */
    public Optional<LogDamage> tailDamage() {
        if (size == 0) {
            return damage(0, "the file is empty: every record it held is lost");
        }
        if (size < 4) {
            return damage(0, "the file is cut short at " + size + " bytes, inside its header");
        }
        int header = intAt(0);
        if (header == 0 || (header & NOT_COMPLETE) != 0) {
            return Optional.empty();
        }
        if (4L + (header & LENGTH_MASK) > size) {
            return damage(0, "the file is cut short at " + size + " bytes, inside its header");
        }
        long last = writePosition();
        if (last < 0) {
            return damage(0, "the file's header does not say where its last record is");
        }
        if (last + 4 > size) {
            return damage(size, "the file ends at byte " + size + ", before its last record at byte " + last
                    + ": everything from byte " + size + " on is lost");
        }
        int lastHeader = intAt(last);
        if (lastHeader == 0) {
            return damage(last, "zeros where the file's last record was (byte " + last + ")");
        }
        if ((lastHeader & NOT_COMPLETE) != 0) {
            return Optional.empty(); // being written now, or cut short by a crash: never acknowledged
        }
        int length = lastHeader & LENGTH_MASK;
        if (last + 4 + length > size) {
            return damage(last, "the last record (at byte " + last + ", " + length + " bytes) is cut short by the"
                    + " end of the file at byte " + size);
        }
        if ((lastHeader & META_DATA) == 0) {
            Either<String, RecordFormat.Frame> record = RecordFormat.parse(bytes(last + 4, length));
            if (record.isLeft()) {
                return damage(last, "the last record (at byte " + last + ") is damaged: " + record.getLeft());
            }
        }
        return Optional.empty();
    }

    /**
     * The file's last record, as its header locates it, when that is an intact record: what a reader
     * of the log must reach. Empty when the file's last document is not a record (a file with none
     * yet) or cannot be read ({@link #tailDamage} says why).
     */
    public Optional<RecordFormat.Frame> lastRecord() {
        long last = writePosition();
        if (last < 0 || last + 4 > size) {
            return Optional.empty();
        }
        int header = intAt(last);
        int length = header & LENGTH_MASK;
        if ((header & (NOT_COMPLETE | META_DATA)) != 0 || header == 0 || last + 4 + length > size) {
            return Optional.empty();
        }
        return RecordFormat.parse(bytes(last + 4, length)).toJavaOptional();
    }

    private Optional<LogDamage> damage(long offset, String description) {
        return Optional.of(new LogDamage(file.path(), offset, description));
    }

    /**
     * The position of the file's last document, as its header records it, or -1 when the header
     * cannot be read or does not hold one.
     */
    long writePosition() {
        if (size < 4) {
            return -1;
        }
        int header = intAt(0);
        if (header == 0 || (header & (NOT_COMPLETE | META_DATA)) != META_DATA) {
            return -1;
        }
        int length = (int) Math.min(header & LENGTH_MASK, Math.min(4096, size - 4));
        byte[] bytes = bytes(4, length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = indexOfField(bytes);
        if (at < 0) {
            return -1;
        }
        int p = at + 1 + WRITE_POSITION.length;
        while (p < bytes.length && ((bytes[p] & 0xff) == PADDING || (bytes[p] & 0xff) == PADDING_32)) {
            if ((bytes[p] & 0xff) == PADDING) {
                p++;
            } else if (p + 5 <= bytes.length && buffer.getInt(p + 1) >= 0
                    && buffer.getInt(p + 1) <= bytes.length - p - 5) {
                p += 5 + buffer.getInt(p + 1);
            } else {
                return -1;
            }
        }
        // an array of longs: its capacity, how many are used, then the position and the sequence
        if (p < 0 || p + 25 > bytes.length || (bytes[p] & 0xff) != INT64_ARRAY || buffer.getLong(p + 9) < 1) {
            return -1;
        }
        long position = buffer.getLong(p + 17);
        return position >= 0 && position % 4 == 0 ? position : -1;
    }

    private static int indexOfField(byte[] bytes) {
        outer:
        for (int i = 0; i + 1 + WRITE_POSITION.length <= bytes.length; i++) {
            if ((bytes[i] & 0xff) != FIELD_NAME_0 + WRITE_POSITION.length) {
                continue;
            }
            for (int j = 0; j < WRITE_POSITION.length; j++) {
                if (bytes[i + 1 + j] != WRITE_POSITION[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Visits every record of the file and every damage, in file order: the documents one after the
     * other as Chronicle reads them; a record whose Chronicle header is damaged but whose bytes check
     * is recognised by its own framing; after anything else that is broken (and after zeros where
     * the header says records follow), the scan skips to the next offset where an intact record
     * starts. Reads the whole file up to its last document.
     */
    public void scan(Visitor visitor) {
        long last = writePosition();
        long searchLimit = last >= 0 ? Math.min(size, last + 4) : size;
        long sequence = 0;
        boolean inStep = true;
        long position = 0;
        while (position + 4 <= size) {
            int header = intAt(position);
            if (header == 0) {
                if (position >= searchLimit) {
                    return;
                }
                long next = nextRecord(position + 4, searchLimit);
                if (next < 0) {
                    if (last >= 0) {
                        visitor.damage(position, "zeros from byte " + position + " where records were (the file's"
                                + " last record was at byte " + last + "): readers stop here");
                    }
                    return; // without its header the file tells nothing more: a file never written is all zeros
                }
                visitor.damage(position, "zeros from byte " + position + " to byte " + next
                        + " where records were: readers stop here");
                position = next;
                inStep = false;
                continue;
            }
            if (header == END_OF_FILE || (header & NOT_COMPLETE) != 0) {
                return; // the end of a rolled file, or a record being written (or cut short by a crash)
            }
            int length = header & LENGTH_MASK;
            boolean fits = length <= MAX_DOCUMENT && position + 4 + length <= size;
            if ((header & META_DATA) != 0 && fits) {
                Either<String, RecordFormat.Frame> disguised = RecordFormat.parse(bytes(position + 4, length));
                if (disguised.isRight()) {
                    visitor.record(position, -1, disguised);
                    visitor.damage(position, "the record at byte " + position + " is marked as Chronicle metadata,"
                            + " so readers skip it; its events are intact");
                }
                position = align(position + 4 + length);
                continue;
            }
            if ((header & META_DATA) != 0) {
                long next = nextRecord(position + 4, searchLimit);
                visitor.damage(position, "the Chronicle header at byte " + position + " claims " + length
                        + " bytes, past the end of the file at byte " + size
                        + (next < 0 ? "" : "; the next intact record is at byte " + next));
                if (next < 0) {
                    return;
                }
                inStep = false;
                position = next;
                continue;
            }
            Either<String, RecordFormat.Frame> record = fits ? RecordFormat.parse(bytes(position + 4, length))
                    : Either.left("the record's header claims " + length + " bytes, past the end of the file at byte "
                            + size);
            if (record.isRight()) {
                visitor.record(position, inStep ? LogFiles.indexOf(file.cycle(), sequence) : -1, record);
                sequence++;
                position = align(position + 4 + length);
                continue;
            }
            Optional<RecordFormat.Frame> framed = framedAt(position + 4);
            if (framed.isPresent()) {
                int actual = framed.get().bytes.length;
                visitor.record(position, -1, Either.right(framed.get()));
                visitor.damage(position, "the Chronicle header of the record at byte " + position + " is damaged (it"
                        + " claims " + length + " bytes, the record has " + actual + "); the record is intact");
                sequence++;
                inStep = false;
                position = align(position + 4 + actual);
                continue;
            }
            visitor.record(position, inStep ? LogFiles.indexOf(file.cycle(), sequence) : -1, record);
            sequence++;
            long after = fits ? align(position + 4 + length) : -1;
            if (after >= 0 && plausibleHeaderAt(after)) {
                position = after;
                continue;
            }
            long next = nextRecord(position + 4, searchLimit);
            if (next < 0) {
                if (!fits) {
                    return; // cut short: the record's problem says so
                }
                visitor.damage(position, "nothing readable follows the damaged record at byte " + position);
                return;
            }
            visitor.damage(position, "bytes " + position + " to " + next + " cannot be read; the next intact record"
                    + " is at byte " + next);
            inStep = false;
            position = next;
        }
    }

    /**
     * The record whose Chronicle header is at {@code offset} (where a {@link #scan} found it): by
     * the header's length, else by the record's own framing.
     */
    public Either<String, RecordFormat.Frame> recordAt(long offset) {
        if (offset < 0 || offset + 4 > size) {
            return Either.left("no record at byte " + offset);
        }
        int length = intAt(offset) & LENGTH_MASK;
        if (length >= RecordFormat.MIN_BYTES && offset + 4 + length <= size) {
            Either<String, RecordFormat.Frame> record = RecordFormat.parse(bytes(offset + 4, length));
            if (record.isRight()) {
                return record;
            }
        }
        return framedAt(offset + 4).<Either<String, RecordFormat.Frame>>map(Either::right)
                .orElseGet(() -> Either.left("no intact record at byte " + offset));
    }

    /**
     * A record framed by its own bytes at {@code offset}, whatever the Chronicle header before it
     * says. Reads 64 KiB first, and up to the largest record only when the framing needs more.
     */
    private Optional<RecordFormat.Frame> framedAt(long offset) {
        long available = Math.min(size - offset, StoreMetadata.MAX_RECORD_BYTES);
        if (available < RecordFormat.MIN_BYTES) {
            return Optional.empty();
        }
        byte[] candidate = bytes(offset, (int) Math.min(available, 64 * 1024));
        int length = RecordFormat.framedLength(candidate);
        if (length < 0 && candidate.length < available) {
            candidate = bytes(offset, (int) available);
            length = RecordFormat.framedLength(candidate);
        }
        return length < 0 ? Optional.empty()
                : RecordFormat.parse(Arrays.copyOf(candidate, length)).toJavaOptional();
    }

    /** Whether the word at {@code offset} can start a document: zeros, the end, or a header that fits the file. */
    private boolean plausibleHeaderAt(long offset) {
        if (offset + 4 > size) {
            return offset == size;
        }
        int header = intAt(offset);
        if (header == 0 || header == END_OF_FILE || header == NOT_COMPLETE) {
            return true;
        }
        int length = header & LENGTH_MASK;
        return (header & NOT_COMPLETE) == 0 && length <= MAX_DOCUMENT && offset + 4 + length <= size;
    }

    /**
     * The offset of the first intact record (a header of the right length before bytes that check)
     * at a 4-byte boundary from {@code from} up to (not including) {@code limit}, or -1.
     */
    private long nextRecord(long from, long limit) {
        for (long offset = align(from); offset < limit && offset + 4 <= size; offset += 4) {
            int header = intAt(offset);
            if (header == 0 || (header & NOT_COMPLETE) != 0) {
                continue;
            }
            int length = header & LENGTH_MASK;
            if (length < RecordFormat.MIN_BYTES || length > MAX_DOCUMENT || offset + 4 + length > size) {
                continue;
            }
            if (RecordFormat.parse(bytes(offset + 4, length)).isRight()) {
                return offset;
            }
        }
        return -1;
    }

    private static long align(long offset) {
        return (offset + 3) & ~3L;
    }

    private int intAt(long offset) {
        fill(offset, 4);
        return window.getInt((int) (offset - windowStart));
    }

    private byte[] bytes(long offset, int length) {
        byte[] bytes = new byte[length];
        if (length > WINDOW) {
            read(ByteBuffer.wrap(bytes), offset);
            return bytes;
        }
        fill(offset, length);
        window.get((int) (offset - windowStart), bytes);
        return bytes;
    }

    /** Makes the window hold {@code length} bytes from {@code offset} (all within the file). */
    private void fill(long offset, int length) {
        if (windowStart >= 0 && offset >= windowStart && offset + length <= windowStart + windowLength) {
            return;
        }
        window.clear();
        window.limit((int) Math.min(WINDOW, size - offset));
        read(window, offset);
        windowStart = offset;
        windowLength = window.position();
        window.clear();
    }

    private void read(ByteBuffer buffer, long offset) {
        try {
            long at = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new IOException("the file ended at byte " + at + " while it was read");
                }
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
