package dev.sessionlog.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code model_call_failed} v1 → v2. Version 1 stored the provider's retry-after in whole seconds
 * as {@code retry_after_seconds}; providers also send {@code retry-after-ms}, so version 2 stores
 * {@code retryAfterMs}.
 */
final class RetryAfterInMillis implements Upcaster {

    @Override
    public String type() {
        return WireType.MODEL_CALL_FAILED.wireName;
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public ObjectNode upcast(ObjectNode data) {
        JsonNode seconds = data.remove("retry_after_seconds");
        if (seconds == null || seconds.isNull()) {
            return data;
        }
        if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
            throw new IllegalArgumentException("retry_after_seconds must be a whole number, was " + seconds.getNodeType());
        }
        data.put("retryAfterMs", Math.multiplyExact(seconds.longValue(), 1000L));
        return data;
    }
}
