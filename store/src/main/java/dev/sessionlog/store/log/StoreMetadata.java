package dev.sessionlog.store.log;

import io.vavr.control.Either;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The store's format, fixed when the store is created: the store format version, the Chronicle
 * roll cycle and block size, which cannot change once the queue exists, and the number of
 * partitions, which cannot change once a session is in one. A store written by a newer format is
 * refused (the store answers {@code UnsupportedStoreFormatException}), never guessed at.
 *
 * <p>Format 1 is a store of one partition, its log and checkpoints directly in the store directory:
 * every store written before partitions existed, and every store created with one partition still,
 * so that older versions keep reading them. Format 2 adds {@code partitions} (2 to
 * {@value #MAX_PARTITIONS}), each partition in a directory of its own ({@link StoreLayout}); a
 * version that reads only format 1 refuses it as newer, cleanly.
 *
 * @param formatVersion 1 for one partition, 2 for more
 * @param rollCycle Chronicle's roll cycle, {@value #ROLL_CYCLE}
 * @param blockSize Chronicle's block size, {@link #BLOCK_SIZE}
 * @param partitions how many partitions, each its own log with its own writer
 */
public record StoreMetadata(int formatVersion, String rollCycle, long blockSize, int partitions) {
    /** The file name inside the store directory. */
    static final String FILE_NAME = "sessionlog-store.properties";
    /** The format of a store of one partition. */
    static final int SINGLE_PARTITION_FORMAT = 1;
    /** The format of a store of several partitions; the newest this code reads. */
    static final int PARTITIONED_FORMAT = 2;
    /** The most partitions a store may have: a position spends at most 6 bits on its partition. */
    public static final int MAX_PARTITIONS = 64;
    /** Daily files: retention drops whole days. */
    static final String ROLL_CYCLE = "FAST_DAILY";
    /**
     * 32 MiB blocks: Chronicle's largest record is a quarter of the block size ({@link #MAX_RECORD_BYTES}),
     * room for the largest append every store accepts ({@code AppendLimits}); small blocks keep
     * opening a day file fast.
     */
    public static final long BLOCK_SIZE = 32L << 20;
    /** The largest record (one append, all its events, framed) the store can write. */
    public static final long MAX_RECORD_BYTES = BLOCK_SIZE / 4 - 1024;

    /** The metadata a new store of one partition gets (format 1). */
    public static StoreMetadata current() {
        return withPartitions(1);
    }

    /** The metadata a new store of {@code partitions} partitions gets: format 1 for one, format 2 for more. */
    public static StoreMetadata withPartitions(int partitions) {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + MAX_PARTITIONS + ", was "
                    + partitions);
        }
        return new StoreMetadata(partitions == 1 ? SINGLE_PARTITION_FORMAT : PARTITIONED_FORMAT, ROLL_CYCLE,
                BLOCK_SIZE, partitions);
    }

    /**
     * Reads the metadata of the store in {@code dir}, creating a store of one partition when
     * {@code create} and absent; or why the directory is not a store this version reads.
     */
    public static Either<String, StoreMetadata> load(Path dir, boolean create) {
        return create ? loadOrCreate(dir, 1) : load(dir, 0);
    }

    /**
     * Reads the metadata of the store in {@code dir}, creating it with {@code partitions}
     * partitions when absent; or why the directory is not a store this version reads. An existing
     * store keeps the partitions it was created with, whatever {@code partitions} says.
     */
    public static Either<String, StoreMetadata> loadOrCreate(Path dir, int partitions) {
        return load(dir, partitions);
    }

    /** Loads, or creates with {@code partitionsIfAbsent} partitions unless that is 0. */
    private static Either<String, StoreMetadata> load(Path dir, int partitionsIfAbsent) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            if (partitionsIfAbsent == 0) {
                return Either.left("it is not a sessionlog store (no " + FILE_NAME + ")");
            }
            StoreMetadata metadata = withPartitions(partitionsIfAbsent);
            metadata.write(dir);
            return Either.right(metadata);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return Either.left(FILE_NAME + " is unreadable: " + e.getMessage());
        }
        int format;
        long blockSize;
        try {
            format = Integer.parseInt(properties.getProperty("format", ""));
            blockSize = Long.parseLong(properties.getProperty("blockSize", ""));
        } catch (NumberFormatException e) {
            return Either.left(FILE_NAME + " has no valid format or blockSize");
        }
        if (format > PARTITIONED_FORMAT) {
            return Either.left("it has store format " + format
                    + ", newer than format " + PARTITIONED_FORMAT + " which this version of sessionlog reads");
        }
        String rollCycle = properties.getProperty("rollCycle", "");
        if (format < SINGLE_PARTITION_FORMAT || !ROLL_CYCLE.equals(rollCycle) || blockSize != BLOCK_SIZE) {
            return Either.left("unsupported format " + format
                    + ", roll cycle " + rollCycle + " or block size " + blockSize);
        }
        if (format == SINGLE_PARTITION_FORMAT) {
            return Either.right(new StoreMetadata(format, rollCycle, blockSize, 1));
        }
        int partitions;
        try {
            partitions = Integer.parseInt(properties.getProperty("partitions", ""));
        } catch (NumberFormatException e) {
            return Either.left(FILE_NAME + " of format " + format + " has no valid partitions");
        }
        if (partitions < 2 || partitions > MAX_PARTITIONS) {
            return Either.left(FILE_NAME + " of format " + format + " names " + partitions
                    + " partitions; a store of this format has 2 to " + MAX_PARTITIONS);
        }
        return Either.right(new StoreMetadata(format, rollCycle, blockSize, partitions));
    }

    private void write(Path dir) {
        Properties properties = new Properties();
        properties.setProperty("format", Integer.toString(formatVersion));
        properties.setProperty("rollCycle", rollCycle);
        properties.setProperty("blockSize", Long.toString(blockSize));
        if (formatVersion >= PARTITIONED_FORMAT) {
            properties.setProperty("partitions", Integer.toString(partitions));
        }
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "sessionlog store: do not edit");
            Path temp = dir.resolve(FILE_NAME + ".tmp");
            FilePrivacy.writePrivateFile(temp, text.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }
}
