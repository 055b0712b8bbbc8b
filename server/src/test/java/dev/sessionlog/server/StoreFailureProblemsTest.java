package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot take an append right now (a Kafka node that lost its partition, a cluster out
 * of reach) answers {@code 503 store-unavailable} saying whether the same request may succeed later,
 * with {@code Retry-After} when it may; one that cannot until someone acts says so, without it.
 */
class StoreFailureProblemsTest {

    @Test
    void a_retryable_store_failure_is_a_503_with_retry_after_and_retryable_true() {
        try (TestServer server = TestServer.start(failingAppends(new Failure("the partition moved", true)), o -> o)) {
            TestServer.Answer answer = server.post("/v1/sessions/s1/events",
                    Wire.append("\"none\"", Wire.started(), Wire.message("m1", "hi")));
            assertEquals(503, answer.status(), answer.body());
            assertEquals("https://sessionlog.dev/problems/store-unavailable", answer.json().get("type").asText());
            assertTrue(answer.json().get("retryable").asBoolean(), answer.body());
            assertEquals("the partition moved", answer.json().get("detail").asText());
            assertEquals("1", answer.response().headers().firstValue("Retry-After").orElse(null));
        }
    }

    @Test
    void a_failure_only_an_operator_can_mend_is_a_503_without_retry_after() {
        try (TestServer server = TestServer.start(failingAppends(new Failure("the replica stopped", false)), o -> o)) {
            TestServer.Answer answer = server.post("/v1/sessions/s1/events",
                    Wire.append("\"none\"", Wire.started(), Wire.message("m1", "hi")));
            assertEquals(503, answer.status(), answer.body());
            assertFalse(answer.json().get("retryable").asBoolean(), answer.body());
            assertTrue(answer.response().headers().firstValue("Retry-After").isEmpty(), answer.body());
        }
    }

    /** An in-memory store whose appends all fail with {@code failure}. */
    private static SessionStore failingAppends(SessionStoreException failure) {
        SessionStore real = InMemorySessionStore.builder().build();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("appendAll")) {
                return CompletableFuture.failedFuture(failure);
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class}, handler);
    }

    private static final class Failure extends SessionStoreException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        Failure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        @Override
        public boolean retryable() {
            return retryable;
        }
    }
}
