package dev.sessionlog.failure;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link FailureClassifier} made of a {@link ProviderError}: the kind, and the HTTP status,
 * provider error code and retry-after it found, either in the error's fields or, when those are
 * absent, in its message (a body such as {@code 429 {"type":"error","error":{"type":"rate_limit_error",…}}}
 * yields status 429 and code {@code rate_limit_error}).
 *
 * @param kind what went wrong
 * @param httpStatus the HTTP status given or found in the message, or null
 * @param errorCode the provider's error code or type given or found in the message, lower case, or null
 * @param retryAfter the retry-after given or found in the message ({@code try again in 20s},
 *     {@code "retryDelay":"17s"}), or null
 */
public record Classification(FailureKind kind, Integer httpStatus, String errorCode, Duration retryAfter) {

    /** Requires a kind; rejects a negative retry-after. */
    public Classification {
        requireArgument(kind != null, "failure kind must not be null");
        requireArgument(retryAfter == null || !retryAfter.isNegative(), "retry-after must not be negative");
    }

    /** A classification with only a kind. */
    public static Classification of(FailureKind kind) {
        return new Classification(kind, null, null, null);
    }

    /** The retry-after, when one was given or found. */
    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying the same call again later may succeed: the kind's answer. */
    public boolean retryable() {
        return kind.retryable();
    }
}
