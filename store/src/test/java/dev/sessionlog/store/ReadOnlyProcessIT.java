package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.openhft.posix.PosixAPI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that declares it only reads stores reads them with Chronicle's no-op POSIX binding, and
 * every way of writing a store is refused in it, leaving the store's files as they were. Run in
 * child JVMs: the declaration is for the whole JVM, for good.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadOnlyProcessIT {
    private static final SessionId SESSION = SessionId.of("read-only-process");

    @TempDir
    Path dir;

    /** The child: {@code read <store> <backup>} declares first; {@code write-then-declare <store>} opens for writing first. */
    public static void main(String[] args) {
        Path store = Path.of(args[1]);
        if (args[0].equals("read")) {
            ReadOnlyProcess.declare();
            try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(store)) {
                System.out.println("events " + reader.readLast(SESSION, 100).size());
                System.out.println("binding " + PosixAPI.posix().getClass().getSimpleName());
                System.out.println("backup " + refusal(() -> reader.backup(Path.of(args[2]))));
            }
            System.out.println("open " + refusal(() -> ChronicleSessionStore.open(store, StoreFixtures.quiet())));
            System.out.println("repair " + refusal(() -> ChronicleSessionStore.repair(store)));
        } else {
            ChronicleSessionStore.open(store, StoreFixtures.quiet()).close();
            System.out.println("declare " + refusal(() -> {
                ReadOnlyProcess.declare();
                return null;
            }));
        }
    }

    private static String refusal(Supplier<?> action) {
        try {
            Object result = action.get();
            if (result instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    return "closing failed: " + e;
                }
            }
            return "allowed";
        } catch (IllegalStateException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void a_declared_reader_reads_without_the_native_binding_and_cannot_write() throws Exception {
        Path store = dir.resolve("store");
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store, StoreFixtures.quiet())) {
            writer.append(SESSION, ExpectedSequence.noSession(), List.of(StoreFixtures.started("k"),
                    StoreFixtures.message("m1"), StoreFixtures.message("m2"))).join();
        }
        Map<String, String> before = contents(store);
        Path backup = dir.resolve("backup");

        String output = runChild("read", store.toString(), backup.toString());

        assertTrue(output.contains("events 3"), output);
        assertTrue(output.contains("binding NoOpPosixAPI"), output);
        for (String refused : List.of("backup refused: cannot back the store up", "open refused: cannot open the store",
                "repair refused: cannot repair the store")) {
            assertTrue(output.contains(refused), "expected '" + refused + "' in:\n" + output);
        }
        assertEquals(before, contents(store), "the store's files are as they were");
        assertTrue(Files.notExists(backup) && Files.notExists(dir.resolve("backup.incomplete")), "no backup was begun");
    }

    @Test
    void a_process_that_wrote_cannot_declare_it_only_reads() throws Exception {
        String output = runChild("write-then-declare", dir.resolve("store").toString());
        assertTrue(output.contains("declare refused: a store was opened for writing in this JVM"), output);
    }

    private String runChild(String... args) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(ChildJvm.command(ReadOnlyProcessIT.class, true, args))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    /** Each file of the store (relative path) with a digest of its bytes. */
    private static Map<String, String> contents(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                files.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
            }
        }
        return files;
    }
}
