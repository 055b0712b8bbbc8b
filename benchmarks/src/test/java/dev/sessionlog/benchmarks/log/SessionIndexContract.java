package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.SessionId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionIndex} must do for its benchmark numbers to mean anything. */
abstract class SessionIndexContract {
    static final SessionId A = SessionId.of("a");
    static final SessionId B = SessionId.of("b");
    static final SessionId C = SessionId.of("c");

    TempDirectory directory;
    SessionIndex index;

    abstract SessionIndex open(TempDirectory directory);

    @BeforeEach
    void open() {
        directory = TempDirectory.create("test");
        index = open(directory);
        index.createSessions(List.of(A, B, C));
    }

    @AfterEach
    void close() {
        index.close();
        directory.close();
    }

    @Test
    void listing_puts_the_most_recently_updated_session_first_and_keeps_every_session() throws Exception {
        Thread.sleep(2);
        index.updateModel(C, "m1");
        Thread.sleep(2);
        index.updateModel(A, "m2");

        assertEquals(List.of(A, C, B), index.listSessions());
    }

    @Test
    void updating_an_unknown_session_fails_and_changes_nothing() {
        assertThrows(RuntimeException.class, () -> index.updateModel(SessionId.of("nobody"), "m"));

        assertEquals(3, index.listSessions().size());
    }
}
