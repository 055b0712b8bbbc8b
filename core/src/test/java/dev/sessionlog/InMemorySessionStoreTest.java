package dev.sessionlog;

import java.time.Clock;
import java.time.Duration;

/** The in-memory store keeps the store contract. */
class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore openStore(Clock clock) {
        return InMemorySessionStore.builder().clock(clock).watchdogInterval(Duration.ZERO).build();
    }
}
