package dev.sessionlog.openclaw;

import java.nio.file.Path;

/**
 * A file of a sessions directory that is not imported, and why.
 *
 * @param path the file
 * @param reason such as "lock file" or "compressed archive (.zst) is not supported"
 */
public record SkippedFile(Path path, String reason) {}
