package dev.sessionlog.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * The wire name and current schema version of each event type. A version is bumped whenever the
 * shape of an event's data changes, and an {@link Upcaster} from the old version is added to
 * {@link EventCodec#standard()}.
 */
enum WireType {
    SESSION_STARTED("session_started", 1),
    USER_MESSAGE_RECEIVED("user_message_received", 1),
    MODEL_CALL_STARTED("model_call_started", 1),
    MODEL_CALL_COMPLETED("model_call_completed", 1),
    /** v1 stored {@code retry_after_seconds}; v2 stores {@code retryAfterMs}. */
    MODEL_CALL_FAILED("model_call_failed", 2),
    TOOL_RESULT_RECORDED("tool_result_recorded", 1),
    SETTINGS_CHANGED("settings_changed", 1),
    TRANSCRIPT_COMPACTED("transcript_compacted", 1),
    DELIVERY_RECORDED("delivery_recorded", 1),
    TURN_ABORTED("turn_aborted", 1),
    CUSTOM_ENTRY_RECORDED("custom_entry_recorded", 1),
    CONTEXT_MESSAGE_ADDED("context_message_added", 1),
    SESSION_KEY_ASSIGNED("session_key_assigned", 1),
    SESSION_ENDED("session_ended", 1);

    private static final Map<String, WireType> BY_NAME = new HashMap<>();

    static {
        for (WireType type : values()) {
            BY_NAME.put(type.wireName, type);
        }
    }

    final String wireName;
    final int version;

    WireType(String wireName, int version) {
        this.wireName = wireName;
        this.version = version;
    }

    /** The type with this wire name, or null. */
    static WireType byWireName(String name) {
        return BY_NAME.get(name);
    }
}
