package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.store.index.CheckpointTempModeProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 15: under {@code umask 000} (a child process started by {@code /bin/sh -c 'umask
 * 000; exec java …'}), every file the store creates is owner-read-write from its first byte,
 * checkpoint temporaries included, and every directory owner-only; temporaries a crash or a full
 * disk left behind are removed when a writer opens the store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileModesIT {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions");
    }

    @Test
    void a_checkpoint_being_written_under_umask_000_is_owner_read_write() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("probe"));
        assertEquals(List.of("TMP rw-------"), runUnderUmask000(ChildJvm.command(CheckpointTempModeProbe.class, true,
                dir.toString())));
    }

    @Test
    void every_file_a_store_creates_under_umask_000_is_owner_only() throws Exception {
        Path dir = tmp.resolve("store");
        assertEquals(List.of("CLOSED"), runUnderUmask000(ChildJvm.command(PrivateStoreWriter.class, true,
                dir.toString())));
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                String actual = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (!expected.equals(actual)) {
                    wrong.add(dir.relativize(path) + " " + actual);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void temporaries_left_by_a_crash_are_removed_when_a_writer_opens_the_store() throws IOException {
        Path dir = tmp.resolve("crashed");
        ChronicleSessionStore.open(dir, StoreFixtures.quiet()).close();
        List<Path> left = List.of(dir.resolve("index.checkpoint.tmp"), dir.resolve("ledger.checkpoint.tmp"),
                dir.resolve("sessionlog-store.properties.tmp"));
        for (Path temporary : left) {
            Files.writeString(temporary, "half a checkpoint");
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        ChronicleSessionStore.openReadOnly(dir).close();
        assertTrue(left.stream().allMatch(Files::exists), "a read-only open changes nothing");
        ChronicleSessionStore.open(dir, StoreFixtures.quiet()).close();
        assertTrue(left.stream().noneMatch(Files::exists), "the writer removed them");
    }

    /** Runs {@code command} with the umask 000 and returns its output lines. */
    private static List<String> runUnderUmask000(List<String> command) throws IOException, InterruptedException {
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "umask 000; exec \"$@\"", "sh"));
        shell.addAll(command);
        Process child = new ProcessBuilder(shell).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        return out.lines().toList();
    }
}
