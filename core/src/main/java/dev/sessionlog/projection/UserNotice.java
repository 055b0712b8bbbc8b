package dev.sessionlog.projection;

import dev.sessionlog.CallId;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;

/**
 * What a user is told about one failed model call. Never the provider's raw body.
 *
 * @param sequence the sequence of the {@code ModelCallFailed} it came from
 * @param callId the call
 * @param kind what went wrong
 * @param text the message to show
 * @param at when the failure was recorded
 */
public record UserNotice(long sequence, CallId callId, FailureKind kind, String text, Instant at) {
}
