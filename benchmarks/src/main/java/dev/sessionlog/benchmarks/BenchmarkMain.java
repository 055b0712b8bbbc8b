package dev.sessionlog.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The entry point of {@code benchmarks.jar}: JMH's command line, with two differences. Every fork
 * gets the JVM flags Chronicle Queue needs (from the build, see {@link #chronicleFlags()}), and a run
 * needs an include pattern, so that nobody starts hours of benchmarks by accident; listing
 * ({@code -l}, {@code -lp}) and help ({@code -h}) work as in JMH.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AppendLatency      # one benchmark class
 * java -jar benchmarks/target/benchmarks.jar '.*'               # everything (hours)
 * </pre>
 */
public final class BenchmarkMain {
    private static final String USAGE = "usage: java -jar benchmarks.jar <include-regexp> [JMH options]\n"
            + "  '.*' runs every benchmark (hours); -l lists them; -h shows JMH's options";

    private BenchmarkMain() {}

    /** Runs JMH with {@code args}; exits 2 on a missing include pattern or a bad option. */
    public static void main(String[] args) throws RunnerException, IOException {
        CommandLineOptions command;
        try {
            command = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (command.shouldHelp() || command.shouldList() || command.shouldListWithParams()
                || command.shouldListProfilers() || command.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        if (command.getIncludes().isEmpty()) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        new Runner(withChronicleFlags(command)).run();
    }

    /** {@code options} with the Chronicle flags appended to whatever {@code -jvmArgsAppend} it has. */
    static Options withChronicleFlags(Options options) {
        List<String> append = new ArrayList<>(options.getJvmArgsAppend().orElse(List.of()));
        append.addAll(chronicleFlags());
        return new OptionsBuilder().parent(options).jvmArgsAppend(append.toArray(String[]::new)).build();
    }

    /** The flags the build wrote into {@code sessionlog-benchmarks.properties}. */
    static List<String> chronicleFlags() {
        Properties properties = new Properties();
        try (InputStream in = BenchmarkMain.class.getResourceAsStream("/sessionlog-benchmarks.properties")) {
            if (in == null) {
                throw new IllegalStateException("sessionlog-benchmarks.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String flags = properties.getProperty("jvm.flags", "").trim();
        if (flags.isEmpty() || flags.contains("${")) {
            throw new IllegalStateException("the build did not fill in the JVM flags: " + flags);
        }
        return Arrays.asList(flags.split("\\s+"));
    }
}
