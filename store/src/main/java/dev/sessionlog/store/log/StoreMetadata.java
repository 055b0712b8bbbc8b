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
 * The store's format, fixed when the store is created: the store format version, and the Chronicle
 * roll cycle and block size, which cannot change once the queue exists. A store written by a newer
 * format is refused (the store answers {@code UnsupportedStoreFormatException}), never guessed at.
 */
public record StoreMetadata(int formatVersion, String rollCycle, long blockSize) {
    /** The file name inside the store directory. */
    static final String FILE_NAME = "sessionlog-store.properties";
    /** The format this code writes and reads. */
    static final int CURRENT_FORMAT = 1;
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

    /** The metadata a new store gets. */
    static StoreMetadata current() {
        return new StoreMetadata(CURRENT_FORMAT, ROLL_CYCLE, BLOCK_SIZE);
    }

    /**
     * Reads the metadata of the store in {@code dir}, creating it when {@code create} and absent; or
     * why the directory is not a store this version reads.
     */
    public static Either<String, StoreMetadata> load(Path dir, boolean create) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            if (!create) {
                return Either.left("it is not a sessionlog store (no " + FILE_NAME + ")");
            }
            StoreMetadata metadata = current();
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
        if (format > CURRENT_FORMAT) {
            return Either.left("it has store format " + format
                    + ", newer than format " + CURRENT_FORMAT + " which this version of sessionlog reads");
        }
        String rollCycle = properties.getProperty("rollCycle", "");
        if (format < 1 || !ROLL_CYCLE.equals(rollCycle) || blockSize != BLOCK_SIZE) {
            return Either.left("unsupported format " + format
                    + ", roll cycle " + rollCycle + " or block size " + blockSize);
        }
        return Either.right(new StoreMetadata(format, rollCycle, blockSize));
    }

    private void write(Path dir) {
        Properties properties = new Properties();
        properties.setProperty("format", Integer.toString(formatVersion));
        properties.setProperty("rollCycle", rollCycle);
        properties.setProperty("blockSize", Long.toString(blockSize));
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
