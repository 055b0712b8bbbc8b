package dev.sessionlog.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Damages a store's real day file the ways disks and people do: cuts it short, zeroes its tail (what
 * unwritten pages read as after a power loss), flips bits in a record's Chronicle header or payload.
 * Finds the records by walking Chronicle's header words itself (4-byte aligned, little-endian; bit
 * 31 not complete, bit 30 metadata, the rest the length), independently of the store's own reader.
 */
final class DayFileDamage {
    private static final int META_DATA = 0x40000000;
    private static final int LENGTH_MASK = 0x3FFFFFFF;

    private final Path file;
    /** The offset of each data record's Chronicle header, in order. */
    private final List<Long> records;
    /** Where the data ends: the first zero header word. */
    private final long end;

    private DayFileDamage(Path file, List<Long> records, long end) {
        this.file = file;
        this.records = records;
        this.end = end;
    }

    /** The only day file of the store in {@code dir}. */
    static DayFileDamage of(Path dir) {
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            List<Path> days = files.filter(f -> f.toString().endsWith(".cq4")).toList();
            if (days.size() != 1) {
                throw new IllegalStateException("expected one day file: " + days);
            }
            file = days.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            List<Long> records = new ArrayList<>();
            int position = 0;
            while (position + 4 <= bytes.limit()) {
                int header = bytes.getInt(position);
                if (header == 0) {
                    break;
                }
                if ((header & META_DATA) == 0) {
                    records.add((long) position);
                }
                position = (position + 4 + (header & LENGTH_MASK) + 3) & ~3;
            }
            return new DayFileDamage(file, records, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    /** The offset of data record {@code n}'s Chronicle header (0-based, in log order). */
    long record(int n) {
        return records.get(n);
    }

    int recordCount() {
        return records.size();
    }

    /** Where the data ends. */
    long end() {
        return end;
    }

    void truncate(long size) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes zeros from {@code from} to the end of the data, the file's size unchanged. */
    void zeroFrom(long from) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(from);
            raf.write(new byte[(int) (end - from)]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** XORs the byte at {@code offset} with {@code mask}. */
    void flip(long offset, int mask) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int value = raf.read();
            raf.seek(offset);
            raf.write(value ^ mask);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
