package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The records of one partition of the events topic, as this node read them, in a local file that
 * only grows: what the replica reads events back from, so that a node's heap holds where each
 * event is and not the event.
 *
 * <h2>Design notes</h2>
 *
 * <p>One writer, the replica's thread, writes through the file channel: a full disk is an
 * {@link IOException} there, not a fault in a mapped page. Readers, on any thread, copy from
 * read-only mappings of the file in segments of 64 MiB: no system
 * call per read, and no reader can close the file for the others (a thread interrupted in a
 * {@code FileChannel} read closes the channel). A record never straddles two segments: one that
 * does not fit in what is left of a segment starts the next. A segment is mapped before the first
 * record in it is published, and the segments array is published through a volatile write, so a
 * reader that learnt of a record (through the replica's volatile sizes) finds its segment mapped and
 * its bytes written: the channel's writes and the mappings share the operating system's page cache.
 *
 * <p>The file is a copy of the topic: it is never synced. A durable replica opens the file an
 * earlier open wrote, reads it back ({@link #read} works on all of it at once) and, once it knows
 * how much of it holds, {@link #resumeAt continues} after that.
 */
final class PartitionFile implements AutoCloseable {
    static final int SEGMENT_BITS = 26;

    private final int segmentBits;
    private final long segmentBytes;
    private final FileChannel channel;
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];
    private volatile boolean closed;
    /** Where the next record goes; the writer's only. */
    private long end;

    PartitionFile(Path file) throws IOException {
        this(file, SEGMENT_BITS);
    }

    /**
     * A file mapped in segments of {@code 1 << segmentBits} bytes (small ones in tests); what it
     * holds already is mapped for reading, and appends go to its start until {@link #resumeAt}.
     */
    PartitionFile(Path file, int segmentBits) throws IOException {
        requireArgument(segmentBits >= 8 && segmentBits <= 30, "segment bits must be 8 to 30, was %s", segmentBits);
        this.segmentBits = segmentBits;
        this.segmentBytes = 1L << segmentBits;
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long existing = channel.size();
        for (int segment = 0; (long) segment << segmentBits < existing; segment++) {
            map(segment);
        }
    }

    /** How many bytes of the file are mapped: at open, what it held, rounded up to whole segments. */
    long mappedBytes() {
        return (long) segments.length << segmentBits;
    }

    /**
     * Keeps the first {@code keep} bytes and appends after them; what follows is cut off (a record
     * a crash cut short, or a copy that disagrees with the topic), as the writer, before anything
     * is published.
     */
    void resumeAt(long keep) throws IOException {
        requireArgument(keep >= 0 && keep <= mappedBytes(), "cannot keep %s bytes of %s", keep, mappedBytes());
        channel.truncate(keep);
        int whole = (int) (keep >>> segmentBits);
        segments = Arrays.copyOf(segments, whole);
        if ((keep & (segmentBytes - 1)) != 0) {
            map(whole); // the segment of the kept tail, grown back with zeros after it
        }
        end = keep;
    }

    /**
     * Writes {@code record} after the others, as the writer.
     *
     * @return the offset of its first byte in the file
     * @throws IllegalArgumentException when it is longer than a segment
     */
    long append(byte[] record) throws IOException {
        requireArgument(record.length <= segmentBytes, "a record of %s bytes is longer than a segment", record.length);
        long start = end;
        long room = segmentBytes - (start & (segmentBytes - 1));
        if (record.length > room) {
            start += room;
        }
        int segment = (int) (start >>> segmentBits);
        if (segment >= segments.length) {
            map(segment);
        }
        ByteBuffer bytes = ByteBuffer.wrap(record);
        for (long at = start; bytes.hasRemaining(); ) {
            at += channel.write(bytes, at);
        }
        end = start + record.length;
        return start;
    }

    /** Maps segment {@code segment}, the file grown (sparse) to its end, and publishes it. */
    private void map(int segment) throws IOException {
        long limit = (segment + 1) * segmentBytes;
        if (channel.size() < limit) {
            channel.write(ByteBuffer.allocate(1), limit - 1);
        }
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, segment * segmentBytes, segmentBytes);
        MappedByteBuffer[] grown = Arrays.copyOf(segments, segment + 1);
        grown[segment] = mapped;
        segments = grown;
    }

    /**
     * A copy of {@code length} bytes at {@code offset}, from any thread: they must lie in one record
     * that {@link #append} returned before the caller learnt of it.
     */
    byte[] read(long offset, int length) {
        MappedByteBuffer[] mapped = segments;
        int index = (int) (offset >>> segmentBits);
        requireState(!closed && index < mapped.length, "this node's replica is closed");
        MappedByteBuffer segment = mapped[index];
        byte[] out = new byte[length];
        segment.get((int) (offset & (segmentBytes - 1)), out); // absolute: no buffer state changes
        return out;
    }

    /** The longest record the file takes. */
    long segmentBytes() {
        return segmentBytes;
    }

    /** How many bytes the records take, with the ends of segments they skipped. */
    long size() {
        return end;
    }

    /**
     * Closes the channel. A reader still copying keeps its mapping alive until it lets it go; later
     * reads are refused.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        segments = new MappedByteBuffer[0];
        channel.close();
    }
}
