package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Reads a whole session page by page, so a long session is never held in memory at once. */
final class SessionEvents {
    private static final int PAGE = 1024;

    private SessionEvents() {}

    static void forEach(SessionStore store, SessionId session, Consumer<RecordedEvent> consumer) {
        long next = 1;
        while (true) {
            List<RecordedEvent> page = store.read(session, next, PAGE);
            if (page.isEmpty()) {
                return;
            }
            page.forEach(consumer);
            next = page.get(page.size() - 1).sequence() + 1;
        }
    }

    /** Like {@link #forEach}, stopping as soon as {@code consumer} returns false. */
    static void forEachWhile(SessionStore store, SessionId session, Predicate<RecordedEvent> consumer) {
        long next = 1;
        while (true) {
            List<RecordedEvent> page = store.read(session, next, PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (RecordedEvent event : page) {
                if (!consumer.test(event)) {
                    return;
                }
            }
            next = page.get(page.size() - 1).sequence() + 1;
        }
    }
}
