package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendArgumentsTest {

    private static final SessionId SESSION = SessionId.of("s-1");

    @Test
    void the_batch_is_a_copy_the_caller_cannot_change_afterwards() {
        List<NewEvent> events = new ArrayList<>(List.of(message("a"), message("b")));
        List<NewEvent> batch = AppendArguments.checkedBatch(SESSION, ExpectedSequence.any(), events);
        events.set(0, message("changed"));
        events.add(message("added"));
        assertEquals(List.of(message("a"), message("b")), batch);
        assertThrows(UnsupportedOperationException.class, () -> batch.add(message("c")));
    }

    @Test
    void each_null_argument_is_named_in_the_error() {
        List<NewEvent> events = List.of(message("a"));
        assertEquals("session must not be null", assertThrows(IllegalArgumentException.class,
                () -> AppendArguments.checkedBatch(null, ExpectedSequence.any(), events)).getMessage());
        assertEquals("expected sequence must not be null", assertThrows(IllegalArgumentException.class,
                () -> AppendArguments.checkedBatch(SESSION, null, events)).getMessage());
        assertEquals("events must not be null", assertThrows(IllegalArgumentException.class,
                () -> AppendArguments.checkedBatch(SESSION, ExpectedSequence.any(), null)).getMessage());
        List<NewEvent> withNull = new ArrayList<>(List.of(message("a")));
        withNull.add(null);
        assertEquals("event 1 of the append is null", assertThrows(IllegalArgumentException.class,
                () -> AppendArguments.checkedBatch(SESSION, ExpectedSequence.any(), withNull)).getMessage());
    }

    private static NewEvent message(String id) {
        return NewEvent.of(UserMessageReceived.text(id, "text of " + id));
    }
}
