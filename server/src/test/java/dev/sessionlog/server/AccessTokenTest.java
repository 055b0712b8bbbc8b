package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {
    @TempDir
    Path directory;

    @Test
    void the_first_start_creates_a_private_random_token_and_later_starts_reuse_it() throws Exception {
        AccessToken created = AccessToken.readOrCreate(directory);
        Path file = directory.resolve(AccessToken.FILE_NAME);
        assertEquals(file, created.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).strip();
        assertTrue(token.length() >= 40, token);
        assertTrue(created.matches(token));
        AccessToken again = AccessToken.readOrCreate(directory);
        assertTrue(again.matches(token));
        assertFalse(AccessToken.readOrCreate(Files.createDirectory(directory.resolve("other"))).matches(token));
        try (var leftovers = Files.list(directory)) {
            assertEquals(2, leftovers.count(), "no temporary file is left behind");
        }
    }

    @Test
    void only_the_exact_token_matches() throws Exception {
        AccessToken token = AccessToken.readOrCreate(directory);
        String value = Files.readString(token.file()).strip();
        assertFalse(token.matches(null));
        assertFalse(token.matches(""));
        assertFalse(token.matches(value.substring(1)));
        assertFalse(token.matches(value + "x"));
        assertFalse(token.matches(value.toUpperCase()));
    }

    @Test
    void a_token_file_others_may_read_or_without_a_usable_token_is_refused() throws Exception {
        Path open = directory.resolve("open");
        Files.writeString(open, "a-token-of-enough-length\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        AccessToken.AccessTokenException readable = assertThrows(AccessToken.AccessTokenException.class,
                () -> AccessToken.read(open));
        assertTrue(readable.getMessage().contains("chmod 600"), readable.getMessage());
        for (String bad : new String[] {"", "short", "has a space inside it ok", "x".repeat(5000)}) {
            Path file = directory.resolve("bad");
            Files.deleteIfExists(file);
            Files.writeString(file, bad);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertThrows(AccessToken.AccessTokenException.class, () -> AccessToken.read(file), bad);
        }
        assertThrows(AccessToken.AccessTokenException.class, () -> AccessToken.read(directory.resolve("missing")));
        Path good = directory.resolve("good");
        Files.writeString(good, "  a-token-of-enough-length\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
        assertTrue(AccessToken.read(good).matches("a-token-of-enough-length"));
    }
}
