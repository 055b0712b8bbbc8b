package dev.sessionlog.benchmarks.log;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.ChronicleStoreOptions.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sessionlog itself: a {@link ChronicleSessionStore} appended to through its public API, each
 * append waiting for its future as a gateway does. The session's {@code SessionStarted} is not
 * one of the events {@link #readLast} returns, so that every design answers the same question.
 */
final class SessionlogEventLog implements EventLog {
    private final ChronicleSessionStore store;

    SessionlogEventLog(Path directory, Durability durability, int partitions) {
        this.store = ChronicleSessionStore.open(directory,
                ChronicleStoreOptions.builder().durability(durability).partitions(partitions).build());
    }

    /** The {@code SessionStarted} a gateway appends for a new Telegram conversation. */
    static SessionStarted started(SessionId session) {
        return SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:" + session.value()), "main", "telegram");
    }

    @Override
    public void startSession(SessionId session) {
        store.append(session, ExpectedSequence.noSession(), List.of(started(session))).join();
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        store.append(session, ExpectedSequence.any(), List.of(event.nextEvent())).join();
    }

    /**
     * Reads {@code count} events, and one more only when the first of them is the session's start:
     * reading {@code count + 1} every time decoded an event more than the baselines do.
     */
    @Override
    public List<SessionEvent> readLast(SessionId session, int count) {
        List<RecordedEvent> newest = store.readLast(session, count);
        if (!newest.isEmpty() && newest.get(0).event() instanceof SessionStarted) {
            newest = store.readLast(session, count + 1);
        }
        List<SessionEvent> events = new ArrayList<>(count);
        for (RecordedEvent recorded : newest) {
            if (!(recorded.event() instanceof SessionStarted)) {
                events.add(recorded.event());
            }
        }
        return events.size() > count ? events.subList(events.size() - count, events.size()) : events;
    }

    @Override
    public void close() {
        store.close();
    }
}
