package dev.sessionlog.cli;

import dev.sessionlog.ModelCall;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionStore;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.ProviderError;
import java.time.Duration;

/** Fills stores with small, known sessions. */
final class Stores {
    static final SessionId ALICE = SessionId.of("alice-1");
    static final SessionId BOB = SessionId.of("bob-1");
    static final SessionKey ALICE_KEY = SessionKey.of("agent:main:telegram:direct:111");
    static final SessionKey BOB_KEY = SessionKey.of("agent:main:telegram:direct:222");

    private Stores() {}

    /**
     * alice-1: started, message, call, answer, message, call, 429 failure, message (8 events);
     * bob-1: started, message, call, answer, ended (5 events).
     */
    static void fill(SessionStore store) {
        SessionHandle alice = store.session(ALICE);
        alice.start(SessionStarted.initial(ALICE_KEY, "main", "telegram"));
        alice.receiveUserMessage("a-1", "Hello there");
        try (ModelCall call = alice.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofMinutes(1))) {
            call.completeWithText("Hi Alice!", Usage.of(10, 3));
        }
        alice.receiveUserMessage("a-2", "What's the weather?");
        try (ModelCall call = alice.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofMinutes(1))) {
            call.fail(ProviderError.http("anthropic", 429, "{\"error\":{\"type\":\"rate_limit_error\"}}")
                    .withRetryAfter(Duration.ofSeconds(30)));
        }
        alice.receiveUserMessage("a-3", "Still there?");

        SessionHandle bob = store.session(BOB);
        bob.start(SessionStarted.initial(BOB_KEY, "main", "telegram"));
        bob.receiveUserMessage("b-1", "Ping");
        try (ModelCall call = bob.startModelCall("openai", "gpt-5", Duration.ofMinutes(1))) {
            call.completeWithText("Pong", Usage.of(5, 1));
        }
        bob.end(SessionEnded.Reason.RESET);
    }
}
