package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import java.nio.file.Path;
import java.util.List;

/**
 * What is wrong with a damaged store: where its log's files are damaged, and which events it no
 * longer holds, by session and sequence. Found when a store opens ({@link StoreDamagedException},
 * {@link ChronicleSessionStore#damage()}), by {@link ChronicleSessionStore#verification()} and by
 * {@link ChronicleSessionStore#repair}.
 *
 * <p>Lost events are those a reader of the store will never see again: sequences missing between
 * stored ones, and sequences the store's checkpoints recorded beyond where a session's events now
 * end. Events appended after the last checkpoint and lost with the end of the log cannot be named:
 * no record of them is left.
 *
 * @param directory the store directory
 * @param places the damaged places in the log's files, in file order
 * @param lost the events lost, in session order
 */
public record StoreDamage(String directory, List<Place> places, List<Lost> lost) {
    /** Requires the directory; copies the lists. */
    public StoreDamage {
        requireArgument(directory != null, "directory must not be null");
        places = List.copyOf(places);
        lost = List.copyOf(lost);
    }

    /**
     * One damaged place.
     *
     * @param file the path of the day file (or of the log directory, when it is missing)
     * @param offset the byte offset in the file, -1 when the damage is not at one place
     * @param description what is wrong there
     */
    public record Place(String file, long offset, String description) {
        /** Requires the file and the description. */
        public Place {
            requireArgument(file != null, "file must not be null");
            requireArgument(description != null && !description.isBlank(), "description must not be blank");
        }

        /** {@code file at byte offset: description}. */
        @Override
        public String toString() {
            return file + (offset < 0 ? "" : " at byte " + offset) + ": " + description;
        }
    }

    /**
     * Events of one session that are lost: sequences {@code fromSequence} to {@code toSequence}.
     *
     * @param session the session
     * @param fromSequence the first lost sequence
     * @param toSequence the last lost sequence, at least {@code fromSequence}
     */
    public record Lost(SessionId session, long fromSequence, long toSequence) {
        /** Requires the session and a range of sequences from 1. */
        public Lost {
            requireArgument(session != null, "session must not be null");
            requireArgument(fromSequence >= 1 && toSequence >= fromSequence, "invalid sequence range %s to %s",
                    fromSequence, toSequence);
        }

        /** {@code session sequences a to b}. */
        @Override
        public String toString() {
            return fromSequence == toSequence ? "session " + session + " sequence " + fromSequence
                    : "session " + session + " sequences " + fromSequence + " to " + toSequence;
        }
    }

    /** Whether nothing is wrong. */
    public boolean isEmpty() {
        return places.isEmpty() && lost.isEmpty();
    }

    /** How many events are lost, in all. */
    public long lostEvents() {
        return lost.stream().mapToLong(l -> l.toSequence() - l.fromSequence() + 1).sum();
    }

    /** One line for people: the lost events first, then the damaged places (by file name), and how many more. */
    public String summary() {
        StringBuilder text = new StringBuilder(lost.isEmpty() ? "no event is named as lost" : "lost: ");
        appendSome(text, lost, 3);
        text.append("; damaged: ");
        appendSome(text, places.stream().map(place -> Path.of(place.file()).getFileName()
                + (place.offset() < 0 ? "" : " at byte " + place.offset()) + ": " + place.description()).toList(), 2);
        return text.toString();
    }

    private static void appendSome(StringBuilder text, List<?> items, int max) {
        for (int i = 0; i < Math.min(max, items.size()); i++) {
            text.append(i == 0 ? "" : "; ").append(items.get(i));
        }
        if (items.size() > max) {
            text.append(" (and ").append(items.size() - max).append(" more)");
        }
    }
}
