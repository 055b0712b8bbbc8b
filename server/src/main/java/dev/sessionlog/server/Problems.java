package dev.sessionlog.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.InvalidCursorException;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.StoreFullException;
import dev.sessionlog.WrongExpectedSequenceException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps what request handling threw to the problem the client gets. The store's typed errors keep
 * their fields; anything unforeseen is a 500 whose detail says nothing of the server's insides
 * (the cause goes to the server's standard error).
 */
final class Problems {
    private Problems() {}

    static ApiProblem of(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        if (cause instanceof WrongExpectedSequenceException e) {
            return ApiProblem.of("wrong-expected-sequence", 409, "Wrong expected sequence", e.getMessage())
                    .with("session", e.session().value()).with("expected", e.expected().value())
                    .with("actual", e.actual());
        }
        if (cause instanceof CallAlreadyEndedException e) {
            return ApiProblem.of("call-already-ended", 409, "Call already ended", e.getMessage())
                    .with("session", e.session().value()).with("callId", e.callId().value());
        }
        if (cause instanceof SessionEndedException e) {
            return ApiProblem.of("session-ended", 410, "Session ended", e.getMessage())
                    .with("session", e.session().value())
                    .with("reason", e.reason() == null ? null : e.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (cause instanceof InvalidEventException e) {
            return ApiProblem.of("invalid-event", 422, "Invalid event", e.getMessage());
        }
        if (cause instanceof StoreBusyException e) {
            return ApiProblem.of("store-busy", 503, "Store busy", e.getMessage()).header("Retry-After", "1");
        }
        if (cause instanceof StoreFullException e) {
            return ApiProblem.of("store-full", 507, "Store full", e.getMessage());
        }
        if (cause instanceof StoreClosedException e) {
            return ApiProblem.of("store-closed", 503, "Store closed", e.getMessage());
        }
        if (cause instanceof SessionStoreException e) {
            ApiProblem problem = ApiProblem.of("store-unavailable", 503, "Store unavailable", e.getMessage())
                    .with("retryable", e.retryable());
            return e.retryable() ? problem.header("Retry-After", "1") : problem;
        }
        if (cause instanceof InvalidCursorException e) {
            return ApiProblem.badRequest(e.getMessage());
        }
        if (cause instanceof IllegalArgumentException e) {
            return ApiProblem.badRequest(e.getMessage());
        }
        System.err.println("sessionlog serve: internal error: " + cause);
        cause.printStackTrace(System.err);
        return ApiProblem.of("internal-error", 500, "Internal error",
                "the server failed to handle this request; its standard error has the details");
    }

    /** The problem as its JSON document. */
    static byte[] json(ApiProblem problem) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", ApiProblem.TYPE_PREFIX + problem.name());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        for (Map.Entry<String, Object> field : problem.fields().entrySet()) {
            body.set(field.getKey(), Json.MAPPER.valueToTree(field.getValue()));
        }
        return Json.bytes(body);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
