package dev.sessionlog.failure;

import static dev.sessionlog.util.Preconditions.requireArgument;

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
    private static final int MAX_CAUSE_DEPTH = 16;

    /** An HTTP error response. */
    public static ProviderError http(String provider, int status, String body) {
        return new ProviderError(provider, status, null, body, null, null);
    }

    /**
     * A thrown exception: its type and message, walking the cause chain for the most specific
     * transport exception ({@code HttpTimeoutException}, {@code ConnectException}, …).
     */
    public static ProviderError of(String provider, Throwable error) {
        requireArgument(error != null, "the exception must not be null");
        Throwable chosen = transportCause(error);
        String message = chosen.getMessage() != null ? chosen.getMessage() : error.getMessage();
        return new ProviderError(provider, null, null, message, chosen.getClass().getName(), null);
    }

    /**
     * The first specific transport exception in the cause chain, looking through wrappers such as
     * {@code CompletionException} and a plain {@code IOException("…", cause)}; else the first plain
     * {@code IOException}; else {@code error} itself. The first specific one is kept rather than the
     * deepest because the JDK's {@code HttpConnectTimeoutException} wraps a {@code ConnectException}.
     */
    private static Throwable transportCause(Throwable error) {
        Throwable plainIo = null;
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            boolean plain = cause.getClass() == java.io.IOException.class
                    || cause.getClass() == java.io.UncheckedIOException.class;
            if (plain) {
                plainIo = plainIo == null ? cause : plainIo;
            } else if (cause instanceof java.io.IOException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.util.concurrent.CancellationException
                    || cause instanceof InterruptedException) {
                return cause;
            }
        }
        return plainIo != null ? plainIo : error;
    }

    /** This error with a retry-after. */
    public ProviderError withRetryAfter(Duration retryAfter) {
        return new ProviderError(provider, httpStatus, errorCode, message, exceptionType, retryAfter);
    }

    /** This error attributed to {@code provider}. */
    public ProviderError withProvider(String provider) {
        return new ProviderError(provider, httpStatus, errorCode, message, exceptionType, retryAfter);
    }

    /** This error with a provider error code. */
    public ProviderError withErrorCode(String code) {
        return new ProviderError(provider, httpStatus, code, message, exceptionType, retryAfter);
    }
}
