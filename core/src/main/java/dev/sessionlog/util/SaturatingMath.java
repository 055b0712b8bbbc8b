package dev.sessionlog.util;

/**
 * Sums of counts that come from stored events. A hostile or corrupt log can carry token counts near
 * {@link Long#MAX_VALUE}; a total that sticks at the maximum is still true as "very many", whereas a
 * wrapped one turns negative and a throwing one breaks every read of the session.
 */
public final class SaturatingMath {
    private SaturatingMath() {}

    /** {@code a + b}, or {@link Long#MAX_VALUE} ({@link Long#MIN_VALUE}) where the sum would overflow (underflow). */
    public static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (sum < 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
    }
}
