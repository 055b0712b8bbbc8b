package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder of a node's copy of the events: its own, private, removed at close, and removed by the
 * next node when its node was killed, never while its node lives (in this JVM or another).
 */
class ReplicaDirectoryTest {
    @TempDir
    Path parent;

    @Test
    void a_node_gets_a_private_folder_of_its_own_that_close_removes() throws IOException {
        Path path;
        Path file;
        try (ReplicaDirectory a = ReplicaDirectory.create(parent, "store", 0);
             ReplicaDirectory b = ReplicaDirectory.create(parent, "store", 0)) {
            assertNotEquals(a.path(), b.path());
            path = a.path();
            file = a.partitionFile(0);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(Files.exists(b.path()), "a node's folder is not removed while it is open");
        }
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(path));
        assertEquals(List.of(), list(parent));
    }

    @Test
    void the_folder_of_a_node_killed_with_sigkill_stays_while_it_lives_and_goes_at_the_next_open() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReplicaDirectoryHolder.class.getName(), parent.toString(),
                "store").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("HOLDING "), "the holder said " + line);
            Path held = Path.of(line.substring("HOLDING ".length()));
            Files.write(held.resolve("partition-0"), new byte[4096]);

            try (ReplicaDirectory mine = ReplicaDirectory.create(parent, "store", 0)) {
                assertTrue(Files.exists(held.resolve("partition-0")), "a live node's folder was removed");
            }
            holder.destroyForcibly(); // SIGKILL
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(held), "a killed node cannot remove its folder");

            try (ReplicaDirectory next = ReplicaDirectory.create(parent, "other-store", 0)) {
                assertTrue(Files.exists(held), "another store's node leaves the folder alone");
            }
            try (ReplicaDirectory next = ReplicaDirectory.create(parent, "store", 0)) {
                assertFalse(Files.exists(held), "the next node of the store removes the abandoned folder");
                assertEquals(List.of(next.path()), list(parent));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void folders_that_are_not_a_nodes_are_left_alone() throws IOException {
        Path foreign = Files.createDirectories(parent.resolve("store-replica-made-by-hand"));
        Files.writeString(foreign.resolve("notes"), "mine");
        Path other = Files.createDirectories(parent.resolve("unrelated"));
        try (ReplicaDirectory node = ReplicaDirectory.create(parent, "store", 0)) {
            assertTrue(Files.exists(foreign.resolve("notes")), "a folder without a lock file is not a node's");
            assertTrue(Files.exists(other));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var paths = Files.list(dir)) {
            return paths.toList();
        }
    }
}
