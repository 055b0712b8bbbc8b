package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The unique id of one stored event, assigned by the store.
 *
 * @param value the id
 */
public record EventId(UUID value) {
    /** Rejects null. */
    public EventId {
        requireArgument(value != null, "event id must not be null");
    }

    /**
     * A new random id: a version 4 UUID. An event id must be unique, not unguessable, and
     * {@link UUID#randomUUID()} draws from one generator shared by every thread, a lock that every
     * append of every partition would take. So each thread draws from two generators of its own, each
     * seeded once from the operating system's entropy: two threads (of this JVM, or of gateways on
     * other machines) produce the same id only if both of their seeds line up at the same step.
     */
    public static EventId random() {
        ThreadGenerators generators = GENERATORS.get();
        long most = (generators.most.nextLong() & ~0xF000L) | 0x4000L;
        long least = (generators.least.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        return new EventId(new UUID(most, least));
    }

    private static final ThreadLocal<ThreadGenerators> GENERATORS = ThreadLocal.withInitial(ThreadGenerators::new);

    /** One thread's two generators, for the two halves of a UUID. */
    private static final class ThreadGenerators {
        private final SplittableRandom most;
        private final SplittableRandom least;

        ThreadGenerators() {
            SecureRandom seeds = new SecureRandom();
            most = new SplittableRandom(seeds.nextLong());
            least = new SplittableRandom(seeds.nextLong());
        }
    }

    /** Parses the canonical UUID form; rejects anything else with {@link IllegalArgumentException}. */
    public static EventId parse(String value) {
        requireArgument(value != null && value.length() == 36, "event id must be a 36-character UUID");
        return new EventId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
