package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.CallId;
import dev.sessionlog.failure.SecretRedactor;
import java.time.Instant;
import java.util.Optional;

/**
 * The gateway is about to call a model provider. Exactly one {@link ModelCallCompleted} or
 * {@link ModelCallFailed} with the same call id follows; the store's watchdog writes a
 * {@code ModelCallFailed(TIMEOUT)} when the deadline passes first.
 *
 * <p>The call id is the idempotency key. Two starts with the same call id are the same call when
 * they also name the same provider, model and attempt ({@link #isSameCallAs}): the deadline is not
 * compared, because a gateway that retries after a lost acknowledgement computes it again from a
 * later now. Appending the same call again is answered as a duplicate and the deadline first stored
 * stands; a start that reuses the call id for another provider, model or attempt is refused.
 *
 * <p>The provider and model are redacted like a failure's provider message (see
 * {@link ModelCallFailed}): a key pasted into either is never stored.
 *
 * @param callId the call
 * @param provider such as {@code anthropic}
 * @param model such as {@code claude-sonnet-4-6}
 * @param attempt 1 for the first try, 2 for the first retry or fallback…
 * @param deadline when the store ends the call if no outcome arrived; null for none
 */
public record ModelCallStarted(CallId callId, String provider, String model, int attempt, Instant deadline)
        implements SessionEvent {

    /** Requires a call id, provider, model and a positive attempt; redacts the provider and model. */
    public ModelCallStarted {
        requireArgument(callId != null, "call id must not be null");
        requireArgument(provider != null && !provider.isBlank(), "provider must not be blank");
        requireArgument(model != null && !model.isBlank(), "model must not be blank");
        requireArgument(attempt >= 1, "attempt must be at least 1, was %s", attempt);
        provider = SecretRedactor.redact(provider);
        model = SecretRedactor.redact(model);
    }

    /** Whether {@code other} is this same call: the same call id, provider, model and attempt; the deadline may differ. */
    public boolean isSameCallAs(ModelCallStarted other) {
        return other != null && callId.equals(other.callId) && provider.equals(other.provider)
                && model.equals(other.model) && attempt == other.attempt;
    }

    @Override
    public Optional<String> idempotencyKey() {
        return Optional.of("call-start:" + callId.value());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.modelCallStarted(this);
    }
}
