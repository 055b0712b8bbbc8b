package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionlogEventLogTest extends EventLogContract {
    @Override
    EventLog open(TempDirectory directory) {
        return EventLogKind.SESSIONLOG_BUFFERED.open(directory.path());
    }

    @Test
    void the_sync_store_keeps_what_it_acknowledged_across_a_reopen() {
        log.close();
        log = EventLogKind.SESSIONLOG_SYNC.open(directory.path());
        log.append(ALICE, message("a1"));
        log.close();
        log = EventLogKind.SESSIONLOG_BUFFERED.open(directory.path());

        assertEquals(List.of("a1"), texts(log.readLast(ALICE, 50)));
    }
}
