package dev.sessionlog.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sessionlog} command.
 *
 * <p>Chronicle Queue needs JVM flags ({@code --add-exports}, {@code --add-opens}, and on JDK 24+
 * native access). The launcher script next to the jar adds them. When the jar is started without
 * them ({@code java -jar sessionlog.jar …}), this class starts the same jar again in a child JVM
 * with the flags, the same arguments and inherited I/O, and exits with the child's code: the flags
 * come from the build (the parent pom's one property), so no user ever types them.
 */
public final class Main {
    /** Set by the launcher script and by the re-exec, so a JVM without the flags does not loop. */
    static final String FLAGS_MARKER = "SESSIONLOG_JVM_FLAGS";

    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        JvmFlags flags = JvmFlags.fromBuild();
        flags.applySystemProperties();
        // Chronicle logs through SLF4J, and the jar ships no binding: keep SLF4J's notice about that off stderr
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        if (!flags.missingInThisJvm().isEmpty() && System.getenv(FLAGS_MARKER) == null) {
            Optional<Integer> exitCode = restartWithFlags(flags, args);
            if (exitCode.isPresent()) {
                System.exit(exitCode.get());
            }
        }
        boolean terminal = isTerminal();
        CliContext context = new CliContext(new ChronicleStoreOpener(), terminal, terminal, System.getenv());
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(Cli.create(context, out, err).execute(args));
    }

    /** Starts this jar again with the flags; empty when it cannot (not run from a jar, no java binary). */
    private static Optional<Integer> restartWithFlags(JvmFlags flags, String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        Optional<Path> jar = ownJar();
        if (java.isEmpty() || jar.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(flags.forJdk(Runtime.version().feature()));
        command.add("-cp");
        command.add(jar.get().toString());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(FLAGS_MARKER, "restarted");
        try {
            Process child = builder.start();
            // Ctrl-C reaches the child through the terminal's process group; wait for it to finish
            return Optional.of(child.waitFor());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ExitCodes.INTERNAL_ERROR);
        }
    }

    private static Optional<Path> ownJar() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a person is at a terminal: a console exists and, on JDK 22+ (where a console exists
     * even when output is redirected), {@code Console.isTerminal()} says so.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
