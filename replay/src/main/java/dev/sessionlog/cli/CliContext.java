package dev.sessionlog.cli;

import java.util.Map;

/**
 * What the CLI takes from its surroundings, injected so tests control it.
 *
 * @param opener opens stores
 * @param stdoutIsTerminal whether data goes to a person (then tables are the default output)
 * @param stderrIsTerminal whether progress can be drawn as a bar
 * @param environment the environment variables ({@code SESSIONLOG_STORE})
 */
record CliContext(StoreOpener opener, boolean stdoutIsTerminal, boolean stderrIsTerminal,
                  Map<String, String> environment) {

    /** The environment variable naming the store directory when {@code --store} is not given. */
    static final String STORE_VARIABLE = "SESSIONLOG_STORE";

    CliContext {
        environment = Map.copyOf(environment);
    }
}
