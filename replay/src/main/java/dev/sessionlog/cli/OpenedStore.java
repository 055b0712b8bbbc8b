package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreCursor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store opened for a command, with what the {@link SessionStore} interface cannot tell: the
 * implementation's own verification and storage figures.
 */
interface OpenedStore extends AutoCloseable {

    /**
     * What {@link #verify()} checked and found.
     *
     * @param sessions how many sessions it checked
     * @param events how many events it checked
     * @param problems everything wrong, for {@code verify} to print
     */
    record Verification(int sessions, long events, List<Problem> problems) {
        /** Copies the problems. */
        public Verification {
            problems = List.copyOf(problems);
        }
    }

    /** The store. */
    SessionStore store();

    /** What it is, for people: {@code Chronicle store /var/lib/sessions (read-only)}. */
    String description();

    /**
     * Calls {@code action} with every session's index entry, however many there are (unlike
     * {@link SessionStore#sessions}, which is limited), in no particular order.
     */
    void forEachSession(Consumer<SessionSummary> action);

    /**
     * Calls {@code action} with every event the store's reads return, in one pass over the store
     * (each partition's log in order), however many sessions there are: for figures over the whole
     * store, where reading session by session would seek the log once per record.
     */
    void forEachEvent(Consumer<RecordedEvent> action);

    /**
     * What is damaged, on one line, when the store was opened although its log is damaged: it then
     * serves what is readable. Empty for a store whose checks at open found nothing.
     */
    Optional<String> damage();

    /**
     * The store's own verification: every record readable, every session's events as the append
     * rules would have stored them, the index agreeing with the log.
     */
    Verification verify();

    /** Records in the log that cannot be used (torn, undecodable): the part of {@link #verify()} about bytes. */
    List<Problem> recordProblems();

    /**
     * The cursor after every event stored now: following from it shows only what is appended later.
     * The default suits a store of one partition: the cursor after its newest event.
     */
    default StoreCursor cursorAtEnd() {
        List<RecordedEvent> newest = LatestEvents.of(store(), 1);
        return newest.isEmpty() ? StoreCursor.start() : StoreCursor.start().after(newest.get(0));
    }

    /** Storage figures (files, bytes, index state) by name, in display order. */
    List<Stat> storageStats();

    /**
     * Copies the store into {@code destination}, a new directory, while a gateway may write it, and
     * verifies the copy; returns what was copied, by name.
     *
     * @throws StoreUnavailableException when the store cannot be backed up (an in-memory store)
     */
    List<Stat> backup(Path destination);

    /**
     * Deletes a session and erases its content from the store's files; returns how many events were
     * erased. Needs a store opened for writing.
     *
     * @throws dev.sessionlog.store.SessionNotFoundException when the store holds no such session
     */
    long delete(SessionId session);

    /** Removes old day files that hold only ended sessions; returns how many. Needs a store opened for writing. */
    int compact();

    /** Closes the store; a temporary store is deleted. */
    @Override
    void close();
}
