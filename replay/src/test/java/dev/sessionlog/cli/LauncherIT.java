package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the built jar and {@code bin/sessionlog} start (ADR 0015): {@code java -jar} needs no flag
 * because the manifest carries them, from the same property as the test JVMs' flags; the launcher
 * follows a symlink to itself, uses the class-data-sharing archive the build made, and ignores one
 * that does not fit without a word.
 */
class LauncherIT {
    private static final Path JAR = Path.of(System.getProperty("sessionlog.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("sessionlog.launcher"));

    @TempDir
    Path tmp;

    private Path store;

    /** The result of one process. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    @BeforeEach
    void fillAStore() {
        store = tmp.resolve("store");
        try (ChronicleSessionStore opened = ChronicleSessionStore.open(store, ChronicleStoreOptions.defaults())) {
            Stores.fill(opened);
        }
    }

    @Test
    void the_manifest_grants_the_exports_and_opens_of_the_one_flags_property() throws IOException {
        List<String> flags = Arrays.asList(VersionInfo.properties().getProperty("base").trim().split("\\s+"));
        Attributes manifest;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            manifest = jar.getManifest().getMainAttributes();
        }
        assertEquals(granted(flags, "--add-exports="), words(manifest.getValue("Add-Exports")));
        assertEquals(granted(flags, "--add-opens="), words(manifest.getValue("Add-Opens")));
        assertEquals("ALL-UNNAMED", manifest.getValue("Enable-Native-Access"));
        assertTrue(granted(flags, "--add-opens=").contains("java.base/java.lang"), flags::toString);
    }

    @Test
    void java_jar_with_no_flag_lists_a_chronicle_store_and_prints_nothing_on_stderr() throws Exception {
        Result result = run(Map.of(), ThisJvm.javaBinary(), "-jar", JAR.toString(), "--store", store.toString(),
                "-o", "jsonl", "sessions");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, result.out().lines().count(), result::toString);
        // JDK 24+ warns once about sun.misc.Unsafe unless --sun-misc-unsafe-memory-access=allow, which
        // no manifest can carry (the launcher passes it); nothing else may reach stderr: no SLF4J notice,
        // no Chronicle announcement
        List<String> err = result.err().lines()
                .filter(line -> Runtime.version().feature() < 24 || !line.startsWith("WARNING: "))
                .toList();
        assertEquals(List.of(), err, result::toString);
    }

    @Test
    void the_launcher_runs_through_a_symlink_in_another_directory() throws Exception {
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("home/bin")).resolve("sessionlog"),
                LAUNCHER.toAbsolutePath());
        Result result = run(Map.of(), link.toString(), "--store", store.toString(), "-o", "jsonl", "sessions");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, result.out().lines().count(), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    @Test
    void the_launcher_starts_the_jvm_on_the_archive_the_build_made() throws Exception {
        assumeTrue(run(Map.of(), ThisJvm.javaBinary(), "-Xshare:on", "-version").exitCode() == 0,
                "this JDK has no class-data sharing");
        assertTrue(Files.isRegularFile(JAR.resolveSibling("sessionlog.jsa")), "the build wrote no archive");
        // -Xshare:on makes the JVM refuse to start when it cannot map the archive
        Result result = run(Map.of("SESSIONLOG_JAVA_OPTS", "-Xshare:on"), LAUNCHER.toString(),
                "--store", store.toString(), "-o", "jsonl", "sessions");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, result.out().lines().count(), result::toString);
    }

    @Test
    void a_reading_command_starts_without_chronicles_native_binding_and_a_writing_one_keeps_it() throws Exception {
        Path readerClasses = tmp.resolve("reader-classes.txt");
        Result reader = run(Map.of("SESSIONLOG_JAVA_OPTS", "-Xlog:class+load:file=" + readerClasses), LAUNCHER.toString(),
                "--store", store.toString(), "-o", "jsonl", "sessions");
        assertEquals(0, reader.exitCode(), reader::toString);
        assertEquals(2, reader.out().lines().count(), reader::toString);
        assertFalse(Files.readString(readerClasses).contains("jnr.ffi."), "sessions loaded JNR");

        Path writerClasses = tmp.resolve("writer-classes.txt");
        Result writer = run(Map.of("SESSIONLOG_JAVA_OPTS", "-Xlog:class+load:file=" + writerClasses), LAUNCHER.toString(),
                "--store", store.toString(), "compact");
        assertEquals(0, writer.exitCode(), writer::toString);
        assertTrue(Files.readString(writerClasses).contains("net.openhft.posix.internal.jnr.JNRPosixAPI "),
                "a command that writes syncs through Chronicle's native binding");
    }

    @Test
    void an_archive_that_does_not_fit_is_ignored_without_a_word() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("release"));
        for (Path file : List.of(LAUNCHER, JAR, JAR.resolveSibling("jvm-flags.properties"))) {
            Files.copy(file, bin.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(bin.resolve("sessionlog.jsa"), "not an archive of this JDK");
        Result result = run(Map.of(), bin.resolve("sessionlog").toString(), "--store", store.toString(),
                "-o", "jsonl", "sessions");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, result.out().lines().count(), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    /** {@code module/package} for every flag starting with {@code prefix} ({@code --add-opens=m/p=ALL-UNNAMED}). */
    private static Set<String> granted(List<String> flags, String prefix) {
        return flags.stream().filter(flag -> flag.startsWith(prefix))
                .map(flag -> flag.substring(prefix.length(), flag.lastIndexOf("=ALL-UNNAMED")))
                .collect(Collectors.toSet());
    }

    private static Set<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).collect(Collectors.toSet());
    }

    private Result run(Map<String, String> environment, String... command) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("SESSIONLOG_JAVA_OPTS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(command));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
