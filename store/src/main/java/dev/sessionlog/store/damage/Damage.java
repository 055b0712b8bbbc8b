package dev.sessionlog.store.damage;

import dev.sessionlog.store.index.LostEvents;
import dev.sessionlog.store.log.LogDamage;
import java.util.List;

/**
 * What is wrong with a log: where its files are damaged, and which events it no longer holds.
 *
 * @param places the damage in the log's files, by file and offset
 * @param lost the events lost, by session and sequence range (in session order): sequences missing
 *     between stored ones, and sequences the checkpoints name beyond a session's end
 */
public record Damage(List<LogDamage> places, List<LostEvents> lost) {
    /** Copies the lists. */
    public Damage {
        places = List.copyOf(places);
        lost = List.copyOf(lost);
    }

    /** Whether nothing is wrong. */
    public boolean isEmpty() {
        return places.isEmpty() && lost.isEmpty();
    }
}
