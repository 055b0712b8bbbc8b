package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.ModelCall;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import dev.sessionlog.testing.MutableClock;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultSessionHandleTest {
    private final MutableClock clock = MutableClock.startingAtNewYear();
    private final List<ProviderError> classified = new ArrayList<>();
    private final FailureClassifier recordingClassifier = error -> {
        classified.add(error);
        return FailureKind.OVERLOADED;
    };
    private final InMemorySessionStore store = InMemorySessionStore.builder().clock(clock)
            .watchdogInterval(Duration.ZERO).failureClassifier(recordingClassifier).build();
    private final SessionHandle handle = store.session(SessionId.of("h1"));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_thrown_failure_is_classified_by_its_deepest_transport_exception() {
        handle.receiveUserMessage("m1", "hi");
        try (ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(10))) {
            call.fail(new CompletionException(new HttpTimeoutException("request timed out")));
            assertTrue(call.ended());
        }
        assertEquals(1, classified.size());
        assertEquals("java.net.http.HttpTimeoutException", classified.get(0).exceptionType());
        assertEquals("anthropic", classified.get(0).provider());
        ModelCallFailed failed = assertInstanceOf(ModelCallFailed.class, handle.lastEvents(1).get(0).event());
        assertEquals(FailureKind.OVERLOADED, failed.kind());
        assertTrue(failed.retryable());
        assertEquals("request timed out", failed.providerMessage());
    }

    @Test
    void a_provider_error_keeps_the_calls_provider_when_it_names_none() {
        handle.receiveUserMessage("m1", "hi");
        try (ModelCall call = handle.startModelCall("openai", "gpt-5", Duration.ofSeconds(10))) {
            call.fail(new ProviderError(null, 503, "overloaded", "busy", null, null));
        }
        ModelCallFailed failed = assertInstanceOf(ModelCallFailed.class, handle.lastEvents(1).get(0).event());
        assertEquals("openai", failed.provider());
        assertEquals("gpt-5", failed.model());
        assertEquals("overloaded", failed.providerErrorCode());
        assertEquals(503, failed.httpStatus());
    }

    @Test
    void closing_a_call_when_the_store_is_closed_reports_the_store_error() {
        handle.receiveUserMessage("m1", "hi");
        ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(10));
        store.close();
        assertThrows(StoreClosedException.class, call::close);
        assertFalse(call.ended());
    }

    @Test
    void null_arguments_are_refused() {
        SessionViews views = SessionViews.standard();
        FailureClassifier classifier = FailureClassifier.standard();
        SessionId id = SessionId.of("x");
        assertThrows(IllegalArgumentException.class, () -> new DefaultSessionHandle(null, id, clock, classifier, views));
        assertThrows(IllegalArgumentException.class, () -> new DefaultSessionHandle(store, null, clock, classifier, views));
        assertThrows(IllegalArgumentException.class, () -> new DefaultSessionHandle(store, id, null, classifier, views));
        assertThrows(IllegalArgumentException.class, () -> new DefaultSessionHandle(store, id, clock, null, views));
        assertThrows(IllegalArgumentException.class, () -> new DefaultSessionHandle(store, id, clock, classifier, null));
        assertThrows(IllegalArgumentException.class, () -> handle.start(null));
        assertThrows(IllegalArgumentException.class, () -> handle.changeSettings(null));
        handle.receiveUserMessage("m1", "hi");
        try (ModelCall call = handle.startModelCall("anthropic", "claude", Duration.ofSeconds(10))) {
            assertThrows(IllegalArgumentException.class, () -> call.fail((ProviderError) null));
            assertThrows(IllegalArgumentException.class, () -> call.fail((Throwable) null));
        }
    }
}
