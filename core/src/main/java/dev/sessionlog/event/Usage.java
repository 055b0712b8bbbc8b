package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.util.SaturatingMath;

/**
 * Tokens and cost of one model call.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param cacheReadTokens tokens read from the provider's prompt cache
 * @param cacheWriteTokens tokens written to it
 * @param totalTokens all tokens, as the provider counted them; 0 when it did not say (then
 *     {@link #tokensInAll()} adds the counts up)
 * @param costTotal cost in the provider's currency (normally USD), 0 when unknown
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long totalTokens, double costTotal) {
    /** No tokens, no cost. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

    /** Rejects negative counts and a negative or non-finite cost. */
    public Usage {
        requireArgument(inputTokens >= 0 && outputTokens >= 0 && cacheReadTokens >= 0 && cacheWriteTokens >= 0
                && totalTokens >= 0, "token counts must not be negative");
        requireArgument(Double.isFinite(costTotal) && costTotal >= 0, "cost must be a finite, non-negative number");
    }

    /** Input and output tokens only. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, inputTokens + outputTokens, 0);
    }

    /**
     * All tokens of the call: {@link #totalTokens()} when the provider counted them, otherwise the
     * sum of the four counts (what OpenClaw's {@code totalTokens} is), so a usage recorded without
     * a total (older OpenClaw and pi transcripts) does not count as no tokens at all.
     */
    public long tokensInAll() {
        if (totalTokens > 0) {
            return totalTokens;
        }
        return SaturatingMath.add(SaturatingMath.add(inputTokens, outputTokens),
                SaturatingMath.add(cacheReadTokens, cacheWriteTokens));
    }
}
