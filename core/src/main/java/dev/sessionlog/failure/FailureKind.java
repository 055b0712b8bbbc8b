package dev.sessionlog.failure;

/** What went wrong with a model call, from the gateway's point of view. */
public enum FailureKind {
    /** Too many requests for now (HTTP 429); retry after a pause. */
    RATE_LIMITED(true),
    /** The account's quota is used up; retrying will not help until it is raised or resets. */
    QUOTA_EXCEEDED(false),
    /** Payment is needed (HTTP 402, no credits). */
    BILLING(false),
    /** The provider is overloaded (HTTP 529, {@code overloaded_error}, 503). */
    OVERLOADED(true),
    /** No answer in time: the provider's or the store's deadline. */
    TIMEOUT(true),
    /** The provider could not be reached (connection refused or reset, DNS). */
    NETWORK(true),
    /** The credentials were refused (HTTP 401, 403). */
    AUTH(false),
    /** The prompt is longer than the model's context window. */
    CONTEXT_OVERFLOW(false),
    /** The provider rejected the request as malformed (HTTP 400, 422). */
    INVALID_REQUEST(false),
    /** The model does not exist or is not available to this account (HTTP 404). */
    MODEL_NOT_FOUND(false),
    /** The gateway cancelled the call (the user stopped it, or the call was closed without an outcome). */
    CANCELLED(false),
    /** The gateway died during the call; the store ended it when it reopened. */
    INTERRUPTED(true),
    /** Anything else. */
    UNKNOWN(true);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether trying the same call again later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
