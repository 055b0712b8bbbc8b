package dev.sessionlog.store.log;

import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.SessionId;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Erases a session's records where they lie in the day files: each is overwritten with an erased
 * record of the same length ({@link RecordFormat#erased}), so Chronicle's headers and index, the
 * other sessions' records and every position stay as they were, and the day file is synced.
 *
 * <p>Crash safety: the records to overwrite are first listed in a journal ({@value #JOURNAL}: day
 * file names, byte offsets and lengths, nothing of the session's content), written whole to a
 * temporary file, synced and renamed into place; an overwrite cut
 * short by a crash leaves the journal, and the next writer's open finishes it
 * ({@link #finishPending}) before it checks the log. The journal is deleted once every record is
 * erased and synced.
 *
 * <p>Threads: {@link #locate}, {@link Erasure#journal} and {@link Erasure#overwrite} as the
 * partition's writer, so no append of the session interleaves; {@link #finishPending} while opening,
 * under the writer lock.
 */
public final class RecordEraser {
    /** The journal of an erasure in progress, in the partition directory. */
    static final String JOURNAL = "erasure.pending";
    private static final int MAGIC = 0x534c4552; // "SLER"

    private RecordEraser() {}

    /** One record to overwrite: its day file's name, where its bytes start, how many. */
    private record Place(String file, long offset, int length) {}

    /** The records of one session found in the log, ready to be journalled and overwritten. */
    public static final class Erasure {
        private final Path logDir;
        private final List<Place> places;

        private Erasure(Path logDir, List<Place> places) {
            this.logDir = logDir;
            this.places = places;
        }

        /** How many records it overwrites. */
        public int records() {
            return places.size();
        }

        /** Writes the journal into {@code partitionDir} and syncs it, before anything is overwritten. */
        public void journal(Path partitionDir) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(8 + places.size() * (1 + 64 + 12));
            buffer.putInt(MAGIC).putInt(places.size());
            for (Place place : places) {
                byte[] name = place.file().getBytes(StandardCharsets.US_ASCII);
                buffer.put((byte) name.length).put(name).putLong(place.offset()).putInt(place.length());
            }
            Path temp = partitionDir.resolve(JOURNAL + ".tmp");
            FilePrivacy.writePrivateFile(temp, Arrays.copyOf(buffer.array(), buffer.position()));
            Files.move(temp, partitionDir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE);
            FilePrivacy.syncDirectory(partitionDir);
        }

        /** Overwrites every record and syncs each day file touched. */
        public void overwrite() throws IOException {
            RecordEraser.overwrite(logDir, places);
        }
    }

    /**
     * Finds the records at the Chronicle indexes {@code indexes} in the day files of {@code logDir}
     * and checks that each is {@code session}'s (or already erased) before anything is written.
     * Reads each day file that holds one of them once.
     *
     * @throws IllegalStateException when a record is not where its index says, or is another session's
     */
    public static Erasure locate(Path logDir, SessionId session, Set<Long> indexes) {
        Map<Integer, Set<Long>> byDay = new TreeMap<>();
        for (long index : indexes) {
            byDay.computeIfAbsent(LogFiles.cycleOf(index), day -> new TreeSet<>()).add(index);
        }
        List<Place> places = new ArrayList<>();
        for (Map.Entry<Integer, Set<Long>> day : byDay.entrySet()) {
            LogFiles.DayFile file = new LogFiles.DayFile(LogFiles.path(logDir, day.getKey()), day.getKey());
            Map<Long, Place> found = new HashMap<>();
            try (DayFileReader reader = DayFileReader.open(file)) {
                reader.scan(new DayFileReader.Visitor() {
                    @Override
                    public void record(long offset, long index, Either<String, RecordFormat.Frame> record) {
                        if (index >= 0 && day.getValue().contains(index) && record.isRight()
                                && (record.get().erased() || session.equals(record.get().session()))) {
                            found.put(index, new Place(file.path().getFileName().toString(), offset + 4,
                                    record.get().bytes.length));
                        }
                    }

                    @Override
                    public void damage(long offset, String description) {
                        // damage is verification's to report; only the session's own records are touched
                    }
                });
            }
            for (long index : day.getValue()) {
                Place place = found.get(index);
                requireState(place != null, "the record at index %s of session %s is not in %s", index, session,
                        file.path());
                places.add(place);
            }
        }
        return new Erasure(logDir, places);
    }

    /**
     * Finishes an erasure a crash interrupted, from the journal in {@code partitionDir}; returns
     * whether there was one. Overwriting a record twice writes the same bytes.
     */
    public static boolean finishPending(Path partitionDir) throws IOException {
        Path journal = partitionDir.resolve(JOURNAL);
        if (!Files.exists(journal)) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(journal));
        List<Place> places = new ArrayList<>();
        requireState(buffer.remaining() >= 8 && buffer.getInt() == MAGIC, "%s is not an erasure journal this version"
                + " wrote; the erasure it stands for may be unfinished", journal);
        int count = buffer.getInt();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[buffer.get() & 0xff];
            buffer.get(name);
            places.add(new Place(new String(name, StandardCharsets.US_ASCII), buffer.getLong(), buffer.getInt()));
        }
        overwrite(StoreLayout.logDir(partitionDir), places);
        done(partitionDir);
        return true;
    }

    /**
     * Removes the journal once the erasure it lists is complete and durable. It holds no content, so
     * it is deleted, not overwritten: a journal is always whole (renamed into place) or absent.
     */
    public static void done(Path partitionDir) throws IOException {
        Files.deleteIfExists(partitionDir.resolve(JOURNAL));
        FilePrivacy.syncDirectory(partitionDir);
    }

    private static void overwrite(Path logDir, List<Place> places) throws IOException {
        Map<String, List<Place>> byFile = new TreeMap<>();
        for (Place place : places) {
            byFile.computeIfAbsent(place.file(), name -> new ArrayList<>()).add(place);
        }
        for (Map.Entry<String, List<Place>> file : byFile.entrySet()) {
            Path path = logDir.resolve(file.getKey());
            if (!Files.exists(path)) {
                continue; // compacted away since
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (Place place : file.getValue()) {
                    if (place.offset() + place.length() > channel.size()) {
                        continue; // not a record of this file (never written past its end)
                    }
                    ByteBuffer erased = ByteBuffer.wrap(RecordFormat.erased(place.length()));
                    long at = place.offset();
                    while (erased.hasRemaining()) {
                        at += channel.write(erased, at);
                    }
                }
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot erase records in " + path, e);
            }
        }
    }
}
