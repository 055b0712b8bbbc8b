package dev.sessionlog.store.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code --add-exports} and {@code --add-opens} flags Chronicle Queue needs, as the build wrote
 * them from the parent pom's one property, and which of them this JVM lacks. Without them Chronicle
 * fails deep inside its first mapping, after it has created files; an open checks first, so it can
 * fail with one clear line and leave the directory untouched.
 */
public final class ChronicleJvmFlags {
    private static final String RESOURCE = "chronicle-jvm-flags.properties";

    private ChronicleJvmFlags() {}

    /** The flags this JVM was not started with; empty when Chronicle can run here. */
    public static List<String> missing() {
        Module unnamed = ChronicleJvmFlags.class.getClassLoader().getUnnamedModule();
        List<String> missing = new ArrayList<>();
        for (String flag : required()) {
            boolean opens = flag.startsWith("--add-opens=");
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

    /** The {@code --add-exports}/{@code --add-opens} flags of the build's list. */
    static List<String> required() {
        Properties properties = new Properties();
        try (InputStream in = ChronicleJvmFlags.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String flags = properties.getProperty("flags", "");
        if (flags.contains("${")) {
            return List.of(); // an unfiltered resource (an IDE build): no list to check against
        }
        return Arrays.stream(flags.trim().split("\\s+"))
                .filter(flag -> flag.startsWith("--add-exports=") || flag.startsWith("--add-opens="))
                .toList();
    }
}
