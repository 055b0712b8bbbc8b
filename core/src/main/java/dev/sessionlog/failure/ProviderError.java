package dev.sessionlog.failure;

import java.time.Duration;

/**
 * What a provider call returned when it failed, in the shapes a gateway has at hand: an HTTP
 * status, the provider's error code, its message, and the Java exception type for transport errors.
 * Any field may be null. {@link FailureClassifier} turns it into a {@link FailureKind}.
 *
 * @param provider such as {@code anthropic}, or null
 * @param httpStatus the HTTP status, or null
 * @param errorCode the provider's error code or type, or null
 * @param message the provider's message or response body, or null (redacted before storing)
 * @param exceptionType the fully qualified class name of the exception thrown, or null
 * @param retryAfter the provider's retry-after, or null
 */
public record ProviderError(String provider, Integer httpStatus, String errorCode, String message,
                            String exceptionType, Duration retryAfter) {

    /** An HTTP error response. */
    public static ProviderError http(String provider, int status, String body) {
        return new ProviderError(provider, status, null, body, null, null);
    }

    /**
     * A thrown exception: its type and message, walking the cause chain for the most specific
     * transport exception ({@code HttpTimeoutException}, {@code ConnectException}, …).
     */
    public static ProviderError of(String provider, Throwable error) {
        Throwable cause = error;
        Throwable deepest = error;
        int depth = 0;
        while (cause != null && depth++ < 16) {
            deepest = cause;
            if (cause instanceof java.io.IOException || cause instanceof java.util.concurrent.TimeoutException) {
                break;
            }
            cause = cause.getCause();
        }
        String message = deepest.getMessage() != null ? deepest.getMessage() : error.getMessage();
        return new ProviderError(provider, null, null, message, deepest.getClass().getName(), null);
    }

    /** This error with a retry-after. */
    public ProviderError withRetryAfter(Duration retryAfter) {
        return new ProviderError(provider, httpStatus, errorCode, message, exceptionType, retryAfter);
    }

    /** This error with a provider error code. */
    public ProviderError withErrorCode(String code) {
        return new ProviderError(provider, httpStatus, code, message, exceptionType, retryAfter);
    }
}
