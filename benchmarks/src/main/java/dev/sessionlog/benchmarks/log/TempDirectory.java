package dev.sessionlog.benchmarks.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one benchmark trial, deleted with everything in it on {@link #close()}. */
public final class TempDirectory implements AutoCloseable {
    private final Path path;

    private TempDirectory(Path path) {
        this.path = path;
    }

    /** Creates a new directory named after {@code purpose} under {@code java.io.tmpdir}. */
    public static TempDirectory create(String purpose) {
        try {
            return new TempDirectory(Files.createTempDirectory("sessionlog-bench-" + purpose + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** Deletes the directory and its contents. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
