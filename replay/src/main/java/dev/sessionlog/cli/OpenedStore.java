package dev.sessionlog.cli;

import dev.sessionlog.SessionStore;
import java.util.List;

/**
 * A store opened for a command, with what the {@link SessionStore} interface cannot tell: the
 * implementation's own integrity scan and storage figures.
 */
interface OpenedStore extends AutoCloseable {

    /** The store. */
    SessionStore store();

    /** What it is, for people: {@code Chronicle store /var/lib/sessions (read-only)}. */
    String description();

    /** Records in the log that cannot be used (torn, undecodable), from the implementation's scan. */
    List<Problem> recordProblems();

    /** Storage figures (files, bytes, index state) by name, in display order. */
    List<Stat> storageStats();

    /** Closes the store; a temporary store is deleted. */
    @Override
    void close();
}
