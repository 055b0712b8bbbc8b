package dev.sessionlog.codec;

import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.failure.FailureKind;

/** The wire names of every enum in the events. Once written, a name never changes meaning. */
final class WireEnums {

    static final WireTable<FailureKind> FAILURE_KIND = new WireTable<>(FailureKind.class, kind -> switch (kind) {
        case RATE_LIMITED -> "rate_limited";
        case QUOTA_EXCEEDED -> "quota_exceeded";
        case BILLING -> "billing";
        case OVERLOADED -> "overloaded";
        case TIMEOUT -> "timeout";
        case NETWORK -> "network";
        case AUTH -> "auth";
        case CONTEXT_OVERFLOW -> "context_overflow";
        case INVALID_REQUEST -> "invalid_request";
        case MODEL_NOT_FOUND -> "model_not_found";
        case CANCELLED -> "cancelled";
        case INTERRUPTED -> "interrupted";
        case UNKNOWN -> "unknown";
    });

    static final WireTable<SessionStarted.Reason> START_REASON =
            new WireTable<>(SessionStarted.Reason.class, reason -> switch (reason) {
                case INITIAL -> "initial";
                case RESET -> "reset";
                case FORK -> "fork";
                case IMPORT -> "import";
            });

    static final WireTable<SessionEnded.Reason> END_REASON =
            new WireTable<>(SessionEnded.Reason.class, reason -> switch (reason) {
                case RESET -> "reset";
                case DELETED -> "deleted";
                case EXPIRED -> "expired";
                case ARCHIVED -> "archived";
            });

    static final WireTable<TurnAborted.Reason> ABORT_REASON =
            new WireTable<>(TurnAborted.Reason.class, reason -> switch (reason) {
                case USER_STOP -> "user_stop";
                case SUPERSEDED -> "superseded";
                case GATEWAY -> "gateway";
            });

    private WireEnums() {}
}
