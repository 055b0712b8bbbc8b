package dev.sessionlog.benchmarks.log;

import dev.sessionlog.event.UserMessageReceived;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The representative event of every append benchmark: a user message of about 300 bytes once
 * encoded. sessionlog is handed a fresh {@link UserMessageReceived} per append (with a unique
 * message id, so its idempotency check stores every one); the baselines are handed the same event
 * already encoded, so they never pay for encoding and every ratio is in their favour.
 */
public final class SampleEvent {
    private static final String TEXT = "Can you move my 3pm dentist appointment to Thursday morning and "
            + "remind me the day before? Also check whether the parking garage on Elm Street is open "
            + "on weekends, I think it closed for repairs.";

    private final AtomicLong nextMessage = new AtomicLong();
    private final UserMessageReceived template;
    private final byte[] encoded;

    private SampleEvent(UserMessageReceived template) {
        this.template = template;
        this.encoded = EventCodecs.encode(template);
    }

    /** The representative user message, encoded once for the baselines. */
    public static SampleEvent userMessage() {
        return of(UserMessageReceived.text("msg-template", TEXT));
    }

    /** A sample of {@code template}, encoded once; tests use distinct ones to check order. */
    static SampleEvent of(UserMessageReceived template) {
        return new SampleEvent(template);
    }

    /** A new copy of the message with a message id no other call on this sample returns. */
    public UserMessageReceived nextEvent() {
        String id = template.messageId() + "-" + nextMessage.incrementAndGet();
        return new UserMessageReceived(id, template.content(), template.provenance());
    }

    /** The encoded event the baselines store: compact JSON, no line break. Do not modify. */
    byte[] encoded() {
        return encoded;
    }

    /** The encoded size in bytes. */
    public int encodedSize() {
        return encoded.length;
    }

    @Override
    public String toString() {
        return new String(encoded, StandardCharsets.UTF_8);
    }
}
