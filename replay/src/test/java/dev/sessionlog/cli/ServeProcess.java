package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code sessionlog serve} in a child JVM started from the test classpath without
 * {@code -ea}, as users run it: its standard error goes to a file, and {@link #address()} reads
 * where it listens from its first line.
 */
final class ServeProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) ");

    final Process process;
    private final Path errors;

    private ServeProcess(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
    }

    /** Starts {@code sessionlog <arguments>}, its standard error in {@code errors}. */
    static ServeProcess start(Path errors, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ThisJvm.chronicleFlags());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(arguments);
        return new ServeProcess(new ProcessBuilder(command).redirectError(errors.toFile()).start(), errors);
    }

    /** Where it listens, read from its first line; fails the test with its standard error when it did not start. */
    URI address() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher listening = LISTENING.matcher(line == null ? "" : line);
        assertTrue(listening.find(), () -> "serve did not start: " + line + " " + errors());
        return URI.create(listening.group(1));
    }

    private String errors() {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "";
        }
    }
}
