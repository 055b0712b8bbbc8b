package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.Optional;

/**
 * A reply the gateway sent out, mirrored into the log.
 *
 * <p>The delivery id is an idempotency key, and a store refuses a new one that breaks the rule of
 * {@link dev.sessionlog.SessionStore#append} (at most 128 characters, no control or format
 * characters). This constructor does not check it: it also reads events back, and those stored by
 * older versions must stay readable.
 *
 * @param deliveryId the idempotency key: a second delivery with this id is a no-op
 * @param target where it went (channel and peer), or null
 * @param text what was sent
 */
public record DeliveryRecorded(String deliveryId, String target, String text) implements SessionEvent {

    /** Requires an id and text. */
    public DeliveryRecorded {
        requireArgument(deliveryId != null && !deliveryId.isBlank(), "delivery id must not be blank");
        requireArgument(text != null, "text must not be null");
    }

    @Override
    public Optional<String> idempotencyKey() {
        return Optional.of("delivery:" + deliveryId);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.deliveryRecorded(this);
    }
}
