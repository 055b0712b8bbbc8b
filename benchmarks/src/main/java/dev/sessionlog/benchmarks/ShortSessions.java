package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionStore;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.UserMessageReceived;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many short sessions, as a gateway's conversations look (issue 10 item 13's store): each a
 * {@code SessionStarted} with a key {@code agent:main:telegram:direct:<9-digit peer>}, agent
 * {@code main} and channel {@code telegram}; {@code events - 2} user messages; a model change
 * ({@code SettingsChanged}) last. Session ids are UUID-shaped, 36 characters
 * ({@link SessionIds}). Written a thousand sessions at a time, one event per append, so that
 * their records interleave as in a live store.
 */
final class ShortSessions {
    private static final int BLOCK = 1_000;

    private ShortSessions() {}

    /** Appends {@code sessions} sessions of {@code events} events each (at least 3) to {@code store}. */
    static void fill(SessionStore store, int sessions, int events) {
        if (events < 3) {
            throw new IllegalArgumentException("a short session here has at least 3 events, not " + events);
        }
        for (int from = 0; from < sessions; from += BLOCK) {
            int to = Math.min(sessions, from + BLOCK);
            List<CompletableFuture<?>> inFlight = new ArrayList<>(BLOCK);
            for (int sequence = 1; sequence <= events; sequence++) {
                for (int i = from; i < to; i++) {
                    inFlight.add(store.append(id(i), sequence == 1 ? ExpectedSequence.noSession()
                            : ExpectedSequence.exactly(sequence - 1), List.of(event(i, sequence, events))));
                }
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
    }

    /** Event {@code sequence} of session {@code i}: the start, user messages, the model change last. */
    private static SessionEvent event(int i, int sequence, int events) {
        if (sequence == 1) {
            return SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:" + (100_000_000 + i)), "main",
                    "telegram");
        }
        if (sequence == events) {
            return SettingsChanged.model("openai", i % 3 == 0 ? "gpt-5-mini" : "gpt-5");
        }
        String messageId = sequence == 2 ? String.valueOf(5_000_000 + i) : (5_000_000 + i) + "-" + sequence;
        return UserMessageReceived.text(messageId, "What's on my calendar today?");
    }

    private static SessionId id(int i) {
        return SessionIds.of(i);
    }
}
