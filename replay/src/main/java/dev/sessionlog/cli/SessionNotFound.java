package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Looks a session up; naming one the store does not hold is a usage error. */
final class SessionNotFound {
    private SessionNotFound() {}

    static SessionSummary requireSession(CommandSpec spec, SessionStore store, SessionId session) {
        return store.summary(session).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "no session " + session + " in this store (list them with 'sessionlog sessions')"));
    }
}
