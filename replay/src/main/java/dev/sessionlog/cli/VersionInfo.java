package dev.sessionlog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version and the Chronicle JVM flags, as the build wrote them into {@code jvm-flags.properties}. */
final class VersionInfo implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "jvm-flags.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"sessionlog " + properties().getProperty("version", "unknown"),
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
    }

    static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
