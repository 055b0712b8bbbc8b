package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.quiet;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePrivacyTest {
    @TempDir
    Path parent;

    @Test
    void store_directories_are_owner_only_and_files_owner_read_write() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions");
        Path dir = parent.resolve("store");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, quiet())) {
            store.append(SessionId.of("p1"), ExpectedSequence.noSession(), List.of(started("p"), message("secret")))
                    .join();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
            }
        }
    }

    @Test
    void chronicle_analytics_classes_are_not_on_the_classpath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("net.openhft.chronicle.analytics.internal.GoogleAnalytics4"));
    }

    @Test
    void opening_a_store_switches_chronicle_analytics_and_announcements_off() {
        ChronicleSessionStore.open(parent.resolve("flags"), quiet()).close();
        assertEquals("true", System.getProperty("chronicle.analytics.disable"));
        assertEquals("true", System.getProperty("chronicle.announcer.disable"));
    }
}
