package dev.sessionlog.benchmarks.log;

import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.util.List;

/**
 * The append/read facade every design under test implements, so that one benchmark compares them
 * through an enum parameter ({@link EventLogKind}). Implementations are safe for concurrent callers,
 * each in the way its real-world counterpart is.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Creates {@code session} the way the design does before its first append (a transcript header,
     * a {@code SessionStarted} event, or nothing). Benchmarks call it during setup only.
     */
    void startSession(SessionId session);

    /** Appends one event to {@code session}; returns once it is stored to the design's durability. */
    void append(SessionId session, SampleEvent event);

    /** The newest {@code count} events of {@code session}, oldest first, decoded. */
    List<SessionEvent> readLast(SessionId session, int count);

    /** Releases files and threads; the directory stays for the caller to delete. */
    @Override
    void close();
}
