package dev.sessionlog.store.damage;

import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.LostEvents;
import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.FreshLog;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Repairs one partition of a store (the whole store, when it has one): salvages every readable
 * record of its log into a new log ({@link Salvage}), then moves the damaged log and the checkpoints
 * aside (nothing is deleted) and puts the new log in place. The store chooses the place aside:
 * {@code damaged-<UTC time>/} in the store directory ({@link #freshAside}), and within it
 * {@code partitions/<n>/} for a partition of a store of several. The next open rebuilds the index
 * and the ledger from the new log. A healthy partition is left as it is.
 *
 * <p>Crash safety: the new log is written beside the old one ({@value #NEW_LOG}) and synced; the
 * moves that follow are renames, bracketed by a marker file ({@value #MARKER}, in the partition's
 * directory) naming the place aside relative to it. An open that finds a marker refuses the store;
 * the next repair finishes the moves, or starts over when the damaged log was not moved yet (then
 * only the partial new log, its own output, is removed).
 *
 * <p>Threads: the caller's, holding the store's writer lock, so no writer runs meanwhile.
 */
public final class Repair {
    /** Where the salvaged log is written before it replaces the damaged one. */
    static final String NEW_LOG = "repair.new";
    /** Present while the logs are being swapped; holds the name of the directory aside. */
    static final String MARKER = "repair.in-progress";
    private static final String LOG = "log";
    private static final List<String> CHECKPOINTS = List.of("index.checkpoint", "ledger.checkpoint");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Repair() {}

    /**
     * What a repair did.
     *
     * @param damage what was wrong: the damaged places and the events lost (empty for a healthy store)
     * @param aside where the damaged log and the checkpoints were moved; empty when nothing was changed
     * @param records how many records the new log holds
     * @param events how many events they hold
     */
    public record Repaired(Damage damage, Optional<Path> aside, long records, long events) {}

    /** Whether a repair of the partition in {@code dir} was interrupted: the store must not be opened. */
    public static boolean interrupted(Path dir) {
        return Files.exists(dir.resolve(MARKER));
    }

    /**
     * A new place for a repair of the store in {@code store} to move damaged files to:
     * {@code damaged-<UTC time>/} in it, numbered when that exists. Not created.
     */
    public static Path freshAside(Path store, Instant now) {
        String name = "damaged-" + STAMP.format(now);
        Path aside = store.resolve(name);
        for (int n = 2; Files.exists(aside); n++) {
            aside = store.resolve(name + "-" + n);
        }
        return aside;
    }

    /**
     * Repairs the partition whose log and checkpoints are in {@code dir} (see the class notes), moving
     * its damaged files to {@code aside} (created when needed) if it is damaged; as the holder of the
     * store's writer lock.
     */
    public static Repaired run(Path dir, StoreMetadata metadata, Path aside) {
        try {
            Optional<Path> resumed = resume(dir);
            if (resumed.isPresent()) {
                return new Repaired(new Damage(List.of(), List.of()), resumed, -1, -1);
            }
            Path newLog = dir.resolve(NEW_LOG);
            deleteTree(newLog);
            FilePrivacy.createPrivateDirectory(newLog);
            Salvage.Result salvaged;
            try (FreshLog target = FreshLog.create(newLog.resolve(LOG), metadata)) {
                salvaged = Salvage.run(dir.resolve(LOG), CheckpointKnowledge.read(dir), target);
            }
            if (salvaged.damage().isEmpty()) {
                deleteTree(newLog);
                return new Repaired(salvaged.damage(), Optional.empty(), salvaged.records(), salvaged.events());
            }
            FilePrivacy.createPrivateDirectory(aside);
            FilePrivacy.writePrivateFile(aside.resolve("REPAIR.txt"), report(dir, salvaged).getBytes(StandardCharsets.UTF_8));
            FilePrivacy.writePrivateFile(dir.resolve(MARKER),
                    dir.relativize(aside).toString().getBytes(StandardCharsets.UTF_8));
            swap(dir, aside);
            return new Repaired(salvaged.damage(), Optional.of(aside), salvaged.records(), salvaged.events());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair the store " + dir, e);
        }
    }

    /** Finishes an interrupted swap and returns where the damaged log went; empty when there is none to finish. */
    private static Optional<Path> resume(Path dir) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        Path aside = dir.resolve(Files.readString(marker, StandardCharsets.UTF_8).strip()).normalize();
        if (Files.exists(dir.resolve(LOG))) {
            Files.delete(marker); // the damaged log was not moved yet: start over
            return Optional.empty();
        }
        swap(dir, aside);
        return Optional.of(aside);
    }

    /** Moves the damaged log and the checkpoints aside, the new log in, and removes the marker. */
    private static void swap(Path dir, Path aside) throws IOException {
        Path log = dir.resolve(LOG);
        if (Files.exists(log)) {
            Files.move(log, aside.resolve(LOG), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String checkpoint : CHECKPOINTS) {
            if (Files.exists(dir.resolve(checkpoint))) {
                Files.move(dir.resolve(checkpoint), aside.resolve(checkpoint), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path newLog = dir.resolve(NEW_LOG);
        Files.move(newLog.resolve(LOG), log, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(newLog);
        FilePrivacy.syncDirectory(dir);
        Files.delete(dir.resolve(MARKER));
    }

    /** What was found and lost, for people, kept beside the damaged files. */
    private static String report(Path dir, Salvage.Result salvaged) {
        StringBuilder text = new StringBuilder("sessionlog repair of ").append(dir).append('\n')
                .append("the new log holds ").append(salvaged.records()).append(" records (")
                .append(salvaged.events()).append(" events)\n\ndamage:\n");
        for (LogDamage place : salvaged.damage().places()) {
            text.append("  ").append(place.path().getFileName()).append(place.offset() < 0 ? "" : " at byte "
                    + place.offset()).append(": ").append(place.description()).append('\n');
        }
        text.append("\nlost events:\n");
        for (LostEvents lost : salvaged.damage().lost()) {
            text.append("  ").append(lost.session()).append(' ').append(lost.fromSequence()).append(" to ")
                    .append(lost.toSequence()).append('\n');
        }
        return text.toString();
    }

    /** Removes {@code root} and everything in it, when present: only this class's own output. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
