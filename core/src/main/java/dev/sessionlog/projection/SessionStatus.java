package dev.sessionlog.projection;

import dev.sessionlog.CallId;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;

/**
 * Where a session stands: what a gateway's status command shows. Built by
 * {@link SessionStatusProjection}, which states the rules in full.
 *
 * @param state idle, awaiting a model, or ended
 * @param openCall the newest open model call, or null
 * @param awaitingSince when that call started, or null
 * @param lastFailure the kind of the newest call when it failed, or null
 * @param provider the provider in use, or null
 * @param model the model in use, or null
 * @param thinkingLevel the thinking level, or null
 * @param inputTokens input tokens of all completed calls
 * @param outputTokens output tokens of all completed calls
 * @param totalTokens all tokens of all completed calls
 * @param cost cost of all completed calls
 * @param abortedLastRun whether the newest turn was aborted or cancelled
 * @param updatedAt when the newest event was recorded, or null before any
 */
public record SessionStatus(SessionSummary.State state, CallId openCall, Instant awaitingSince,
                            FailureKind lastFailure, String provider, String model, String thinkingLevel,
                            long inputTokens, long outputTokens, long totalTokens, double cost,
                            boolean abortedLastRun, Instant updatedAt) {
}
