package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import picocli.CommandLine;

/**
 * Parses session id (and key) arguments; an invalid one (path traversal, control characters…) is a
 * usage error, not a crash.
 */
final class SessionIdConverter implements CommandLine.ITypeConverter<SessionId> {
    @Override
    public SessionId convert(String value) {
        try {
            return SessionId.of(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static SessionKey key(String value) {
        try {
            return SessionKey.of(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
