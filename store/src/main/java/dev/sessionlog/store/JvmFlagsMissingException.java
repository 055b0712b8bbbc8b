package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;
import java.util.List;

/**
 * This JVM was started without flags Chronicle Queue needs on JDK 17+ ({@code --add-exports} and
 * {@code --add-opens}; the README's Requirements list them all), so no store can be opened in it.
 * Found before anything is created or changed: the store directory is as it was.
 */
public final class JvmFlagsMissingException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;

    /** @param directory the store that was to be opened; @param missing the flags this JVM lacks */
    public JvmFlagsMissingException(String directory, List<String> missing) {
        super("cannot open the store " + directory + ": this JVM was started without the flags Chronicle Queue"
                + " needs (see the README's Requirements): " + String.join(" ", missing));
        this.missing = List.copyOf(missing);
    }

    /** The flags this JVM lacks. */
    public List<String> missing() {
        return missing;
    }
}
