package dev.sessionlog.store.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A child process of {@code FileModesIT}: writes a checkpoint into {@code args[0]} and, while its
 * temporary file is being written, prints {@code TMP <permissions>} of that file.
 */
public final class CheckpointTempModeProbe {
    private CheckpointTempModeProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        CheckpointFile.write(dir, "probe.checkpoint", 0x50524f42, 1, out -> {
            out.writeLong(42);
            System.out.println("TMP " + PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("probe.checkpoint.tmp"))));
        });
        System.out.flush();
    }
}
