package dev.sessionlog.store;

import dev.sessionlog.CallId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Duration;
import java.time.Instant;

/** Events and options the store tests share. */
final class StoreFixtures {
    private StoreFixtures() {}

    static SessionEvent started(String key) {
        return SessionStarted.initial(new SessionKey("agent:main:test:" + key), "main", "test");
    }

    static SessionEvent message(String id) {
        return UserMessageReceived.text(id, "hello " + id);
    }

    static ModelCallStarted callStarted(String callId, Instant deadline) {
        return new ModelCallStarted(CallId.of(callId), "anthropic", "claude-sonnet-4-6", 1, deadline);
    }

    /** Options without the scheduled watchdog, so a test decides when deadlines are checked. */
    static ChronicleStoreOptions quiet() {
        return ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO).diskReserveBytes(1 << 20).build();
    }
}
