package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 11: an open in a JVM started without the flags Chronicle needs fails with one line
 * naming them and leaves the directory as it found it, so the next open (with the flags) completes,
 * read-only as well as for writing. (Before, it left a zero-filled Chronicle table behind that every
 * read-only open then reported as a damaged store.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailedOpenIT {
    private static final SessionId SESSION = SessionId.of("flags");

    @TempDir
    Path tmp;

    @Test
    void an_open_without_the_jvm_flags_creates_nothing_and_the_next_open_makes_a_healthy_store() throws Exception {
        Path dir = tmp.resolve("new-store");
        String refused = openWithoutFlags(dir);
        assertFalse(Files.exists(dir), "the failed open left " + dir + " behind");
        assertRefusedNamingTheFlags(refused);

        try (ChronicleSessionStore reader = ChronicleSessionStore.open(dir, quiet())) {
            reader.append(SESSION, ExpectedSequence.noSession(), List.of(started("flags"))).join();
        }
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(1, reader.read(SESSION, 1, 10).size());
            assertEquals(List.of(), reader.verify());
        }
    }

    @Test
    void an_open_without_the_jvm_flags_leaves_an_existing_store_as_it_was() throws Exception {
        Path dir = tmp.resolve("store");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet())) {
            store.append(SESSION, ExpectedSequence.noSession(), List.of(started("flags"), message("m1"))).join();
        }
        Map<String, Long> before = files(dir);
        assertRefusedNamingTheFlags(openWithoutFlags(dir));
        assertEquals(before, files(dir), "the failed open changed the store's files");
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            assertEquals(2, reader.read(SESSION, 1, 10).size());
            assertEquals(List.of(), reader.verify());
        }
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, quiet())) {
            assertEquals(3, writer.append(SESSION, ExpectedSequence.any(), List.of(message("m2"))).join()
                    .firstSequence());
        }
    }

    private static void assertRefusedNamingTheFlags(String refused) {
        assertTrue(refused.startsWith("JvmFlagsMissingException: "), refused);
        assertTrue(refused.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
                && refused.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), refused);
        assertEquals(1, refused.lines().count(), refused);
    }

    private static String openWithoutFlags(Path dir) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(ChildJvm.commandWithoutChronicleFlags(OpeningWriter.class, dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** Every file under {@code dir} with its size. */
    private static Map<String, Long> files(Path dir) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString(), Files.size(path));
            }
        }
        return files;
    }
}
