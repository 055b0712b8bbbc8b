package dev.sessionlog.cli;

import dev.sessionlog.projection.SessionStatus;
import java.util.List;

/** A session status as name/value pairs. */
final class StatusStats {
    private StatusStats() {}

    static List<Stat> of(SessionStatus status) {
        return List.of(
                Stat.of("state", status.state()),
                Stat.of("openCall", status.openCall()),
                Stat.of("awaitingSince", status.awaitingSince()),
                Stat.of("lastFailure", status.lastFailure()),
                Stat.of("provider", status.provider()),
                Stat.of("model", status.model()),
                Stat.of("thinkingLevel", status.thinkingLevel()),
                Stat.of("inputTokens", status.inputTokens()),
                Stat.of("outputTokens", status.outputTokens()),
                Stat.of("totalTokens", status.totalTokens()),
                Stat.of("cost", status.cost()),
                Stat.of("abortedLastRun", status.abortedLastRun()),
                Stat.of("updatedAt", status.updatedAt()));
    }
}
