package dev.sessionlog.store.log;

import java.nio.file.Path;

/**
 * Damage found in the log's files.
 *
 * @param path the day file (or the log directory, for a log that is missing)
 * @param offset where in the file, in bytes; -1 when it is not at one place in a file
 * @param description what is wrong there, for people
 */
public record LogDamage(Path path, long offset, String description) {
}
