package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.EventCodec;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The events of one partition in the order applied, their {@code i}th at position
 * {@code Positions.first(partition) + i}: for each, where its bytes lie in the partition's
 * {@link PartitionFile}, packed in a {@code long} (offset, then length), eight bytes of heap per
 * event. A read decodes the event from the file.
 *
 * <p>The file holds the records read from the topic, each framed so that a durable replica can
 * read them back and tell a whole record from one a crash cut short:
 * <pre>
 *   int    length of the body
 *   int    CRC32C of the body
 *   body:  long   the record's offset in the topic
 *          short  key length, then the key (the session id, UTF-8)
 *          the value, as the topic holds it ({@link EventRecords})
 * </pre>
 *
 * <p>One writer (the replica's thread) and any number of readers that never wait: the writer
 * fills a slot, then publishes the new size through a volatile write; a reader reads the size first
 * and sees every slot below it. Chunks are never moved, only added.
 */
final class PartitionLog implements AutoCloseable {
    /** The longest event a slot can point at: longer than any append may be. */
    static final int MAX_EVENT_BYTES = (1 << 24) - 1;
    /** The longest the partition's file may grow: the slot's offset has 40 bits. */
    static final long MAX_FILE_BYTES = 1L << 40;
    private static final int CHUNK_BITS = 12;
    private static final int FRAME_BYTES = 8;
    private static final int BODY_HEADER_BYTES = 8 + 2;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int partition;
    private final long firstPosition;
    private final PartitionFile file;
    private final EventCodec codec;
    private volatile long[][] chunks = new long[1][];
    private volatile int size;

    PartitionLog(int partition, PartitionFile file, EventCodec codec) {
        this.partition = partition;
        this.firstPosition = Positions.first(partition);
        this.file = file;
        this.codec = codec;
    }

    /**
     * Writes a record to the file and appends its events, as the replica's thread.
     *
     * @param offset the record's offset in the topic
     * @param key its key, a session id
     * @param value a value {@link EventRecords#read} accepted, every event at most {@link #MAX_EVENT_BYTES}
     * @return the index of its first event
     * @throws IOException when the file could not be written, or would grow past {@link #MAX_FILE_BYTES}
     */
    int append(long offset, byte[] key, byte[] value) throws IOException {
        if (file.size() + file.segmentBytes() > MAX_FILE_BYTES) {
            throw new IOException("partition " + partition + "'s copy would grow past " + MAX_FILE_BYTES + " bytes");
        }
        int[] starts = EventRecords.eventStarts(value);
        for (int eventStart : starts) {
            int length = EventRecords.eventLength(value, eventStart);
            requireArgument(length <= MAX_EVENT_BYTES, "an event of %s bytes", length);
        }
        long start = file.append(frame(offset, key, value));
        return adopt(start + FRAME_BYTES + BODY_HEADER_BYTES + key.length, value, starts);
    }

    /**
     * Appends the events of a record {@link #readBack} took, whose value's bytes are in the file
     * from {@code valueStart}, without writing it again.
     *
     * @return the index of its first event
     */
    int adopt(long valueStart, byte[] value) {
        return adopt(valueStart, value, EventRecords.eventStarts(value));
    }

    private int adopt(long valueStart, byte[] value, int[] starts) {
        int first = size;
        for (int eventStart : starts) {
            add(((valueStart + eventStart) << 24) | EventRecords.eventLength(value, eventStart));
        }
        return first;
    }

    private static byte[] frame(long offset, byte[] key, byte[] value) {
        int body = BODY_HEADER_BYTES + key.length + value.length;
        ByteBuffer out = ByteBuffer.allocate(FRAME_BYTES + body);
        out.putInt(body).putInt(0).putLong(offset).putShort((short) key.length).put(key).put(value);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), FRAME_BYTES, body);
        out.putInt(4, (int) crc.getValue());
        return out.array();
    }

    /** What {@link #readBack} reads of the file: one whole record. */
    interface StoredRecord {
        /**
         * Takes a record read back; false stops the reading there.
         *
         * @param valueStart where the value's bytes are in the file
         */
        boolean take(long valueStart, long offset, byte[] key, byte[] value);
    }

    /**
     * Reads back the whole records an earlier open wrote to the file, in order, until the first
     * that is not whole (a crash cut it short) or that {@code records} refuses, as the writer before
     * anything is published; nothing is added to this log.
     *
     * @return where the last record taken ends
     */
    long readBack(StoredRecord records) {
        long inSegment = file.segmentBytes() - 1; // the bits of an offset within its segment
        long at = 0;
        long taken = 0;
        long existing = file.mappedBytes();
        while (at + FRAME_BYTES <= existing) {
            // a frame that cannot fit in what is left of the segment, or a zero length, is the rest
            // of a segment that the next record did not fit in (never at a segment's start)
            ByteBuffer frame = (at & inSegment) + FRAME_BYTES <= file.segmentBytes()
                    ? ByteBuffer.wrap(file.read(at, FRAME_BYTES)) : null;
            int body = frame == null ? 0 : frame.getInt();
            if (body == 0 && (at & inSegment) != 0) {
                at = (at | inSegment) + 1;
                continue;
            }
            if (body < BODY_HEADER_BYTES || at + FRAME_BYTES + body > existing
                    || (at & ~inSegment) != ((at + FRAME_BYTES + body - 1) & ~inSegment)) {
                break;
            }
            byte[] bytes = file.read(at + FRAME_BYTES, body);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long offset = in.getLong();
            int keyLength = in.getShort();
            if ((int) crc.getValue() != frame.getInt() || keyLength < 0 || BODY_HEADER_BYTES + keyLength > body) {
                break;
            }
            byte[] key = Arrays.copyOfRange(bytes, BODY_HEADER_BYTES, BODY_HEADER_BYTES + keyLength);
            byte[] value = Arrays.copyOfRange(bytes, BODY_HEADER_BYTES + keyLength, body);
            long valueStart = at + FRAME_BYTES + BODY_HEADER_BYTES + keyLength;
            if (!records.take(valueStart, offset, key, value)) {
                break;
            }
            at += FRAME_BYTES + body;
            taken = at;
        }
        return taken;
    }

    /**
     * Keeps the first {@code keep} bytes of the file, records {@link #readBack} took, and appends
     * after them; as the writer, before anything is published.
     */
    void resumeAt(long keep) throws IOException {
        file.resumeAt(keep);
    }

    private void add(long slot) {
        int n = size;
        int chunk = n >>> CHUNK_BITS;
        long[][] current = chunks;
        if (chunk == current.length) {
            current = Arrays.copyOf(current, current.length * 2);
        }
        if (current[chunk] == null) {
            current[chunk] = new long[CHUNK];
        }
        current[chunk][n & (CHUNK - 1)] = slot;
        chunks = current;
        size = n + 1;
    }

    int size() {
        return size;
    }

    /** The position of the event at {@code index}. */
    long position(int index) {
        return firstPosition + index;
    }

    /**
     * The event at {@code index}, which must be below a {@link #size()} read before, decoded from
     * the file.
     *
     * @throws IllegalStateException when the file no longer holds what was written there
     */
    RecordedEvent get(int index) {
        long slot = chunks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
        int length = (int) (slot & MAX_EVENT_BYTES);
        byte[] bytes = file.read(slot >>> 24, length);
        long position = position(index);
        Either<String, RecordedEvent> event = EventRecords.decode(codec, partition, position, bytes, 0, length);
        if (event.isLeft()) {
            throw new IllegalStateException("this node's copy of the event at position " + position + " does not"
                    + " read back (" + event.getLeft() + "): its replica file was changed on disk");
        }
        return event.get();
    }

    /** The index of the first event at or after {@code position}; {@link #size()} when there is none. */
    int indexOf(long position) {
        int n = size;
        return (int) Math.max(0, Math.min(n, position - firstPosition));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
