package dev.sessionlog.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files, built into the jar under {@code dev/sessionlog/server/console/}: the page
 * at {@code /} and its modules and style sheet at {@code /console/NAME}. Nothing is fetched from
 * elsewhere, at build or at run time. A name is a plain file name (no directories, no dots but the
 * extension's), so no path can reach another resource of the jar.
 */
final class ConsoleAssets {
    private static final String FOLDER = "console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

    /** A file and its media type. */
    record Asset(byte[] bytes, String contentType) {
    }

    /** The page every console address starts from. */
    Asset page() {
        return find("index.html").orElseThrow(() -> new IllegalStateException("the jar lacks the console's index.html"));
    }

    /** The file named {@code name}, or empty when there is none by that name. */
    Optional<Asset> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(name, ConsoleAssets::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(in.readAllBytes(), TYPES.get(extension)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
