package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.CallId;
import dev.sessionlog.failure.Classification;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import dev.sessionlog.failure.SecretRedactor;
import java.time.Duration;
import java.util.Optional;

/**
 * The call ended without an answer. A failure is a fact in the log, not a held lock: the
 * projections turn it into the notice a user sees and keep it out of the next prompt.
 *
 * @param callId the call
 * @param provider the provider called, or null when unknown (redacted)
 * @param model the model called, or null when unknown (redacted)
 * @param kind what went wrong
 * @param httpStatus the HTTP status the provider answered, or null
 * @param providerErrorCode the provider's error code or type ({@code rate_limit_error},
 *     {@code insufficient_quota}, …), or null
 * @param retryAfter how long the provider asked to wait, or null
 * @param providerMessage the provider's message with API keys and bearer tokens redacted (done here,
 *     so no secret can be stored), at most {@value #MAX_MESSAGE_LENGTH} characters; or null
 * @param retryable whether trying again may succeed
 */
public record ModelCallFailed(CallId callId, String provider, String model, FailureKind kind, Integer httpStatus,
                              String providerErrorCode, Duration retryAfter, String providerMessage,
                              boolean retryable) implements SessionEvent {

    /** The longest provider message kept; longer ones are cut. */
    public static final int MAX_MESSAGE_LENGTH = 8192;
    /**
     * How much of a provider message is redacted, in characters: redacting megabytes that are cut
     * away anyway is wasted work, and the room left beyond {@link #MAX_MESSAGE_LENGTH} is for
     * redaction to shorten the text. The window never cuts a secret in two
     * ({@link SecretRedactor#redactHead}).
     */
    public static final int REDACTION_WINDOW = 8 * MAX_MESSAGE_LENGTH;

    /**
     * Requires a call id and a kind; redacts the provider, model, error code and message (a key can
     * arrive in any of them), and bounds the message.
     */
    public ModelCallFailed {
        requireArgument(callId != null, "call id must not be null");
        requireArgument(kind != null, "failure kind must not be null");
        requireArgument(retryAfter == null || !retryAfter.isNegative(), "retry-after must not be negative");
        provider = SecretRedactor.redact(provider);
        model = SecretRedactor.redact(model);
        providerErrorCode = SecretRedactor.redact(providerErrorCode);
        if (providerMessage != null) {
            providerMessage = SecretRedactor.redactHead(providerMessage, REDACTION_WINDOW);
            if (providerMessage.length() > MAX_MESSAGE_LENGTH) {
                providerMessage = providerMessage.substring(0, cutPoint(providerMessage)) + "…";
            }
        }
    }

    /**
     * Where a too-long message is cut: after the last whitespace near the limit, so the kept text never
     * ends in half a token that redaction would read differently when the stored event is decoded and
     * constructed again (the constructor must give the same text for its own output).
     */
    private static int cutPoint(String message) {
        for (int i = MAX_MESSAGE_LENGTH; i > MAX_MESSAGE_LENGTH - 256; i--) {
            if (Character.isWhitespace(message.charAt(i - 1))) {
                return i;
            }
        }
        return MAX_MESSAGE_LENGTH;
    }

    /** A failure with only a kind: what the store writes for deadlines and interrupted calls. */
    public static ModelCallFailed of(CallId callId, String provider, String model, FailureKind kind) {
        return new ModelCallFailed(callId, provider, model, kind, null, null, null, null, kind.retryable());
    }

    /**
     * The failure {@code error} describes, as {@code classifier} reads it: the kind, and the status,
     * error code and retry-after given in the error or found in its message. The provider is the
     * error's; its message is redacted and bounded like any other.
     */
    public static ModelCallFailed classified(CallId callId, String model, ProviderError error,
                                             FailureClassifier classifier) {
        requireArgument(error != null, "provider error must not be null");
        requireArgument(classifier != null, "classifier must not be null");
        Classification classification = classifier.analyze(error);
        return new ModelCallFailed(callId, error.provider(), model, classification.kind(), classification.httpStatus(),
                classification.errorCode(), classification.retryAfter(), error.message(), classification.retryable());
    }

    /** The terminal-event key, shared with {@link ModelCallCompleted}. */
    @Override
    public Optional<String> idempotencyKey() {
        return Optional.of("call-end:" + callId.value());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.modelCallFailed(this);
    }
}
