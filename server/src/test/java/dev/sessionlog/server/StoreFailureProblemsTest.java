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
 * with {@code Retry-After} when it may; one that cannot until someone acts says so, without it. A
 * store that cannot answer a read (a Kafka node whose replica stopped) fails the liveness probe.
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

    @Test
    void the_liveness_probe_answers_503_without_a_reason_while_the_store_cannot_read() {
        try (TestServer healthy = TestServer.start(failingAppends(new Failure("appends only", true)), o -> o);
             TestServer server = TestServer.start(failing("summary", new Failure("/var/lib/replica stopped", false)),
                     o -> o)) {
            TestServer.Answer ok = healthy.send(java.net.http.HttpRequest.newBuilder(healthy.uri("/v1/health")).build());
            assertEquals(200, ok.status(), ok.body());
            TestServer.Answer down = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/health")).build());
            assertEquals(503, down.status(), down.body());
            assertEquals("unavailable", down.json().get("status").asText());
            assertFalse(down.body().contains("/var/lib"), "anyone may ask: no reason given " + down.body());
        }
    }

    /** An in-memory store whose appends all fail with {@code failure}. */
    private static SessionStore failingAppends(SessionStoreException failure) {
        return failing("appendAll", failure);
    }

    /** An in-memory store whose calls of {@code methodName} all fail with {@code failure}. */
    private static SessionStore failing(String methodName, SessionStoreException failure) {
        SessionStore real = InMemorySessionStore.builder().build();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals(methodName) && method.getReturnType() == CompletableFuture.class) {
                return CompletableFuture.failedFuture(failure);
            }
            if (method.getName().equals(methodName)) {
                throw failure;
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
