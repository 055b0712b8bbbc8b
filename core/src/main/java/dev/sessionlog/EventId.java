package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
     * A new random id: a version 4 UUID, drawn from the calling thread's own generator. An event id
     * must be unique, not unguessable; {@link UUID#randomUUID()} draws from one generator shared by
     * every thread, a lock that every append of every partition would take.
     */
    public static EventId random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        return new EventId(new UUID(most, least));
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
