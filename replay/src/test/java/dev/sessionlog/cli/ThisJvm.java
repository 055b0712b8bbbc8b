package dev.sessionlog.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** What child JVMs started by tests take from this one. */
final class ThisJvm {
    private ThisJvm() {}

    /** The java binary running this JVM. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The Chronicle flags this JVM was started with: surefire and failsafe pass the parent pom's
     * {@code sessionlog.jvm.flags}, which on JDK 24+ include the ones JDK 17 refuses.
     */
    static List<String> chronicleFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native-access")
                        || flag.startsWith("--sun-misc-unsafe") || flag.startsWith("-Dchronicle."))
                .toList();
    }
}
