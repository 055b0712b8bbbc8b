package dev.sessionlog.spi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The distinct (agent, channel, model, provider) profiles of the session index, each stored once and
 * named by a number: a million sessions of one agent on two channels with three models hold six
 * profiles, not three million strings (a model nearly always has one provider, so the provider adds
 * few). Number 0 is the profile of nulls.
 *
 * <p>Threads: one writer adds ({@link #intern}); any thread reads a number it got through a
 * happens-before edge from the add. The table is replaced, not changed in place, when it grows, and
 * an entry is written before its number is handed out.
 */
final class Profiles {
    /** One distinct profile. */
    record Profile(String agentId, String channel, String model, String provider) {}

    private static final Profile NONE = new Profile(null, null, null, null);

    /** The writer's index of the profiles; readers use {@link #table}. */
    private final Map<Profile, Integer> numbers = new HashMap<>();
    private volatile Profile[] table = new Profile[8];
    private int size;

    Profiles() {
        table[0] = NONE;
        numbers.put(NONE, 0);
        size = 1;
    }

    /** The number of the profile, added when new. As the writer. */
    int intern(String agentId, String channel, String model, String provider) {
        Profile profile = new Profile(agentId, channel, model, provider);
        Integer number = numbers.get(profile);
        if (number != null) {
            return number;
        }
        Profile[] current = table;
        if (size == current.length) {
            current = Arrays.copyOf(current, size * 2);
        }
        current[size] = profile;
        table = current;
        numbers.put(profile, size);
        return size++;
    }

    /** The number of the profile numbered {@code number} after a change: {@code number} itself when nothing changed. As the writer. */
    int withChanges(int number, String agentId, String channel, String model, String provider) {
        Profile current = get(number);
        return Objects.equals(current.agentId(), agentId) && Objects.equals(current.channel(), channel)
                && Objects.equals(current.model(), model) && Objects.equals(current.provider(), provider) ? number
                : intern(agentId, channel, model, provider);
    }

    /** The profile numbered {@code number}. Any thread. */
    Profile get(int number) {
        return table[number];
    }

    /** How many profiles: every number handed out is below it. As the writer. */
    int size() {
        return size;
    }
}
