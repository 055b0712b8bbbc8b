package dev.sessionlog.store;

import dev.sessionlog.testing.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Searches every byte of every file under a directory: what erasure tests grep a store and its backups with. */
final class StoreFiles {
    private StoreFiles() {}

    /** The files under {@code root} whose bytes contain {@code text} (UTF-8), with the directory's file count. */
    static List<Path> holding(Path root, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Bytes.indexOf(Files.readAllBytes(file), needle) >= 0) {
                    found.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
