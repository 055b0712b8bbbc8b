package dev.sessionlog.failure.internal;

import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;

/** The reference rules. TODO(foundation): the full rule set lands with the classifier work. */
public enum StandardFailureClassifier implements FailureClassifier {
    INSTANCE;

    @Override
    public FailureKind classify(ProviderError error) {
        Integer status = error.httpStatus();
        if (status != null && status == 429) {
            return FailureKind.RATE_LIMITED;
        }
        return FailureKind.UNKNOWN;
    }
}
