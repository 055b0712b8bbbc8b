package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.SecretRedactor;
import java.util.List;

/** Failed model calls with their user notices. */
enum FailedCallView implements View<FailedCall> {
    INSTANCE;

    @Override
    public List<Column<FailedCall>> columns() {
        return List.of(
                Column.id("SESSION", c -> c.session().value()),
                Column.number("SEQ", FailedCall::sequence),
                Column.text("AT", 30, c -> c.at().toString()),
                Column.text("MODEL", 36, c -> model(c.failure())),
                Column.text("KIND", 16, c -> c.failure().kind().toString()),
                Column.number("HTTP", c -> c.failure().httpStatus()),
                Column.text("RETRY", 8, c -> c.failure().retryAfter() == null ? ""
                        : c.failure().retryAfter().toSeconds() + "s"),
                Column.text("NOTICE", 60, FailedCall::notice),
                Column.text("PROVIDER MESSAGE", 400, c -> providerMessage(c.failure())));
    }

    /** What the provider said, redacted again here: an event written by another tool may not have been. */
    private static String providerMessage(ModelCallFailed failure) {
        return failure.providerMessage() == null ? null : SecretRedactor.redact(failure.providerMessage());
    }

    private static String model(ModelCallFailed failure) {
        if (failure.provider() == null && failure.model() == null) {
            return "";
        }
        return (failure.provider() == null ? "?" : failure.provider()) + "/" + (failure.model() == null ? "?" : failure.model());
    }

    @Override
    public ObjectNode json(FailedCall c) {
        ModelCallFailed f = c.failure();
        ObjectNode node = Json.object().put("session", c.session().value()).put("sequence", c.sequence());
        Json.put(node, "at", c.at());
        node.put("callId", f.callId().value());
        Json.put(node, "provider", f.provider());
        Json.put(node, "model", f.model());
        Json.put(node, "kind", f.kind());
        if (f.httpStatus() == null) {
            node.putNull("httpStatus");
        } else {
            node.put("httpStatus", f.httpStatus());
        }
        Json.put(node, "providerErrorCode", f.providerErrorCode());
        Json.put(node, "retryAfterMillis", f.retryAfter());
        node.put("retryable", f.retryable());
        Json.put(node, "providerMessage", providerMessage(f));
        return Json.put(node, "notice", c.notice());
    }
}
