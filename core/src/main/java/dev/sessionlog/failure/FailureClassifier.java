package dev.sessionlog.failure;

/**
 * Maps what a provider returned to a {@link FailureKind}. OpenClaw's rules are the reference:
 * 429 → rate limit; 402 and "insufficient credits/quota" → billing or quota; 529 and
 * {@code overloaded_error} → overloaded; 408, 5xx and {@code ETIMEDOUT} → timeout;
 * {@code ECONNREFUSED} and DNS → network; 401/403 → auth; "maximum context length" and
 * "prompt is too long" → context overflow.
 */
public interface FailureClassifier {

    /** The kind of failure {@code error} describes; {@link FailureKind#UNKNOWN} when nothing matches. */
    FailureKind classify(ProviderError error);

    /** The classifier with the reference rules. */
    static FailureClassifier standard() {
        return dev.sessionlog.failure.internal.StandardFailureClassifier.INSTANCE;
    }
}
