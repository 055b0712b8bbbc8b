package dev.sessionlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.AppendResult;

/** An answer that is not a problem: a status and a JSON body. */
record Reply(int status, byte[] json) {

    static Reply ok(JsonNode body) {
        return new Reply(200, Json.bytes(body));
    }

    static Reply ok(byte[] json) {
        return new Reply(200, json);
    }

    /** {@code /v1/health} when the store cannot answer: 503, and a body a probe can read. */
    static Reply unavailable(JsonNode body) {
        return new Reply(503, Json.bytes(body));
    }

    /** 201 when the append stored something new, 200 for a retry of what is stored. */
    static Reply appended(AppendResult result, JsonNode body) {
        return new Reply(result.duplicate() ? 200 : 201, Json.bytes(body));
    }
}
