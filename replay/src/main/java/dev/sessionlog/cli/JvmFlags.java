package dev.sessionlog.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The JVM flags Chronicle Queue needs, as the build wrote them from the parent pom's one property
 * into {@code jvm-flags.properties}, and whether the running JVM has them.
 */
final class JvmFlags {
    private final List<String> base;
    private final List<String> jdk24plus;

    private JvmFlags(List<String> base, List<String> jdk24plus) {
        this.base = base;
        this.jdk24plus = jdk24plus;
    }

    static JvmFlags fromBuild() {
        Properties properties = VersionInfo.properties();
        return new JvmFlags(split(properties.getProperty("base", "")), split(properties.getProperty("jdk24plus", "")));
    }

    private static List<String> split(String flags) {
        // an unfiltered resource (run from an IDE without the build) still holds ${...}: no flags known
        if (flags.contains("${")) {
            return List.of();
        }
        return Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
    }

    /** The flags for a JVM of {@code featureVersion}: the JDK 24+ ones only from 24 on (17 refuses them). */
    List<String> forJdk(int featureVersion) {
        List<String> flags = new ArrayList<>(base);
        if (featureVersion >= 24) {
            flags.addAll(jdk24plus);
        }
        return flags;
    }

    /** The {@code --add-exports}/{@code --add-opens} flags this JVM was not started with. */
    List<String> missingInThisJvm() {
        Module unnamed = JvmFlags.class.getClassLoader().getUnnamedModule();
        List<String> missing = new ArrayList<>();
        for (String flag : base) {
            boolean opens = flag.startsWith("--add-opens=");
            if (!opens && !flag.startsWith("--add-exports=")) {
                continue;
            }
            String[] target = flag.substring(flag.indexOf('=') + 1).split("[/=]");
            Optional<Module> module = ModuleLayer.boot().findModule(target[0]);
            boolean granted = module.isEmpty()
                    || (opens ? module.get().isOpen(target[1], unnamed) : module.get().isExported(target[1], unnamed));
            if (!granted) {
                missing.add(flag);
            }
        }
        return missing;
    }

    /** Sets the {@code -D} flags (analytics off, no announcements) in this JVM when they are not set. */
    void applySystemProperties() {
        for (String flag : base) {
            if (flag.startsWith("-D") && flag.contains("=")) {
                String name = flag.substring(2, flag.indexOf('='));
                if (System.getProperty(name) == null) {
                    System.setProperty(name, flag.substring(flag.indexOf('=') + 1));
                }
            }
        }
    }
}
