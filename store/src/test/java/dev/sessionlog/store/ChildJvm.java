package dev.sessionlog.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM running a test class's {@code main}, with this JVM's classpath and the
 * Chronicle flags this JVM was started with (surefire and failsafe pass them from the parent pom's
 * {@code sessionlog.jvm.flags}).
 */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(command(main, true, args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * The command line of a child JVM; without {@code chronicleProperties} the {@code -Dchronicle.*}
     * switches are left out, so only the store itself can turn analytics and announcements off.
     */
    static List<String> command(Class<?> main, boolean chronicleProperties, String... args) {
        return command(main, true, chronicleProperties, args);
    }

    /** The command line of a child JVM started without the flags Chronicle needs, as a careless embedder starts one. */
    static List<String> commandWithoutChronicleFlags(Class<?> main, String... args) {
        return command(main, false, false, args);
    }

    private static List<String> command(Class<?> main, boolean chronicleFlags, boolean chronicleProperties,
                                        String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((chronicleFlags && (flag.startsWith("--add-") || flag.startsWith("--enable-native-access")
                    || flag.startsWith("--sun-misc-unsafe")))
                    || (chronicleProperties && flag.startsWith("-Dchronicle."))) {
                command.add(flag);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
