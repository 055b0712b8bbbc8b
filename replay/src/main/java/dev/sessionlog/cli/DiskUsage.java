package dev.sessionlog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The disk space a directory really takes: the blocks allocated to its files, which for Chronicle's
 * sparse day files (each 32 MiB or more apparent, mostly holes) is far less than their apparent
 * size. Java cannot read a file's block count, so this asks {@code du -sk} (POSIX), and says nothing
 * where there is none.
 */
final class DiskUsage {
    private static final long TIMEOUT_SECONDS = 30;

    private DiskUsage() {}

    /** The bytes allocated to the files under {@code dir}, or empty when {@code du} cannot tell. */
    static Optional<Long> allocatedBytes(Path dir) {
        try {
            Process du = new ProcessBuilder("du", "-sk", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            du.getOutputStream().close();
            String output;
            try (InputStream in = du.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!du.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || du.exitValue() != 0) {
                du.destroyForcibly();
                return Optional.empty();
            }
            String[] fields = output.split("\\s+", 2);
            return Optional.of(Long.parseLong(fields[0]) * 1024);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
