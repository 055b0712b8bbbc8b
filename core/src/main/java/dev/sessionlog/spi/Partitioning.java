package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import dev.sessionlog.StoreCursor;
import java.nio.charset.StandardCharsets;

/**
 * Which partition holds a session: a stable hash of its id, the same in every store, every JVM and
 * every release, because a store's partition count is fixed when it is created and a session may
 * never move. The hash is Kafka's default partitioner (murmur2 of the id's UTF-8 bytes, made
 * positive, modulo the count), so the Kafka store's records land where Kafka itself would put a
 * record keyed by the session id.
 */
public final class Partitioning {
    private Partitioning() {}

    /**
     * The partition of {@code session} in a store of {@code partitions} partitions.
     *
     * @throws IllegalArgumentException when {@code partitions} is not between 1 and
     *     {@value StoreCursor#MAX_PARTITIONS}
     */
    public static int partitionOf(SessionId session, int partitions) {
        requireArgument(session != null, "session must not be null");
        requireArgument(partitions >= 1 && partitions <= StoreCursor.MAX_PARTITIONS,
                "partitions must be between 1 and %s, was %s", StoreCursor.MAX_PARTITIONS, partitions);
        return (murmur2(session.value().getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitions;
    }

    /** MurmurHash2, 32 bits, with Kafka's seed: byte for byte what Kafka's {@code Utils.murmur2} computes. */
    static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        final int r = 24;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = blocks * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
