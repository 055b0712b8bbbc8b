package dev.sessionlog.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags Chronicle Queue needs, as the build wrote them from the parent pom's one property
 * into {@code jvm-flags.properties}, and whether the running JVM has them. The jar's manifest grants
 * the {@code --add-exports}/{@code --add-opens} ones to {@code java -jar}; the {@code -D} switches are
 * set here, in the JVM, so no command line needs them.
 */
final class JvmFlags {
    private final List<String> base;

    private JvmFlags(List<String> base) {
        this.base = base;
    }

    static JvmFlags fromBuild() {
        return new JvmFlags(split(VersionInfo.properties().getProperty("base", "")));
    }

    private static List<String> split(String flags) {
        // an unfiltered resource (run from an IDE without the build) still holds ${...}: no flags known
        if (flags.contains("${")) {
            return List.of();
        }
        return Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
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
