package dev.sessionlog.failure;

/**
 * Maps what a provider returned to a {@link FailureKind}. OpenClaw's rules are the reference:
 * 429 → rate limit; 402 and "insufficient credits/quota" → billing or quota; 529 and
 * {@code overloaded_error} → overloaded; 408, 5xx and {@code ETIMEDOUT} → timeout;
 * {@code ECONNREFUSED} and DNS → network; 401/403 → auth; "maximum context length" and
 * "prompt is too long" → context overflow.
 *
 * <p>Implementations never throw: whatever the input (null fields, megabytes of garbage), the
 * answer is a kind, {@link FailureKind#UNKNOWN} at worst.
 */
public interface FailureClassifier {

    /** The kind of failure {@code error} describes; {@link FailureKind#UNKNOWN} when nothing matches. */
    FailureKind classify(ProviderError error);

    /**
     * The kind together with the status, error code and retry-after found in {@code error}. The
     * default reads them from the error's fields only; {@link #standard()} also finds them in the
     * message text.
     */
    default Classification analyze(ProviderError error) {
        if (error == null) {
            return Classification.of(FailureKind.UNKNOWN);
        }
        return new Classification(classify(error), error.httpStatus(), error.errorCode(),
                error.retryAfter() == null || error.retryAfter().isNegative() ? null : error.retryAfter());
    }

    /** The classifier with the reference rules. */
    static FailureClassifier standard() {
        return StandardFailureClassifier.INSTANCE;
    }
}
