package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.Optional;

/**
 * What {@link ChronicleSessionStore#repair} did.
 *
 * @param damage what was wrong: the damaged places and the events lost for good (empty for a
 *     healthy store)
 * @param movedAside where the damaged log and the checkpoints were moved, inside the store
 *     directory; empty when the store was healthy and nothing was changed
 * @param records how many records the repaired log holds (-1 when an interrupted repair was finished)
 * @param events how many events they hold (-1 when an interrupted repair was finished)
 */
public record RepairReport(StoreDamage damage, Optional<String> movedAside, long records, long events) {
    /** Requires the damage and the place aside. */
    public RepairReport {
        requireArgument(damage != null, "damage must not be null");
        requireArgument(movedAside != null, "movedAside must not be null");
    }

    /** Whether the log was replaced by a salvaged one. */
    public boolean repaired() {
        return movedAside.isPresent();
    }
}
