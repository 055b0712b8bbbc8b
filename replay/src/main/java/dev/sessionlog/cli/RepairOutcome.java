package dev.sessionlog.cli;

import java.util.List;

/**
 * What {@code repair} did.
 *
 * @param repaired whether the damaged log was replaced by a salvaged one
 * @param found the damaged places and the events lost, as problems
 * @param summary what was done, on one line
 */
record RepairOutcome(boolean repaired, List<Problem> found, String summary) {
    RepairOutcome {
        found = List.copyOf(found);
    }
}
