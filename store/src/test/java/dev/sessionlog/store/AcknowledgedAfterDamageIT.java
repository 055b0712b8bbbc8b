package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.onePartition;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 8: a store of 1,000 events whose day file is cut inside a record, or whose tail
 * is zeroed from a record header on (what unwritten pages look like after a power loss), is opened
 * for writing in a JVM without {@code -ea}, as users run it, and appended to. Every event the store
 * acknowledges must be readable after a reopen, by a writer and read-only. (With assertions on,
 * Chronicle's own assertion refused those writes and hid the loss from the tests.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcknowledgedAfterDamageIT {
    private static final SessionId S1 = SessionId.of("s1");
    private static final int EVENTS = 1_000;
    /** Record n holds sequence n + 1: damage at record 500 keeps sequences 1 to 500. */
    private static final int DAMAGED_RECORD = 500;

    @TempDir
    Path dir;

    @Test
    void a_day_file_cut_inside_a_record_loses_no_acknowledged_append() throws Exception {
        acknowledgedAppendsSurvive(file -> file.truncate(file.record(DAMAGED_RECORD) + 10));
    }

    @Test
    void a_tail_zeroed_from_a_record_header_loses_no_acknowledged_append() throws Exception {
        acknowledgedAppendsSurvive(file -> file.zeroFrom(file.record(DAMAGED_RECORD)));
    }

    private void acknowledgedAppendsSurvive(Consumer<DayFileDamage> damage) throws Exception {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, onePartition())) {
            store.append(S1, ExpectedSequence.noSession(), List.of(started("s1"))).join();
            for (int i = 2; i <= EVENTS; i++) {
                store.append(S1, ExpectedSequence.any(), List.of(message("m" + i))).join();
            }
        }
        damage.accept(DayFileDamage.of(dir));

        List<String> first = runWriter("first");
        assertEquals("ASSERTIONS false", first.get(0), "the writer runs as users run it");
        List<Long> acknowledged = acknowledged(first);
        assertEveryAcknowledgedEventReadable(acknowledged, "first");
        assertEquals(List.of(), acknowledged, "a damaged end is refused, not written behind: " + first);
        assertTrue(first.get(1).startsWith("REFUSED") && first.get(1).contains("s1 sequences 501 to 1000"),
                first.toString());

        RepairReport report = ChronicleSessionStore.repair(dir);
        assertEquals(List.of(new StoreDamage.Lost(S1, 501, EVENTS)), report.damage().lost());
        List<Long> afterRepair = acknowledged(runWriter("second"));
        assertEquals(10, afterRepair.size(), "the repaired store accepts appends");
        assertEveryAcknowledgedEventReadable(afterRepair, "second");
    }

    private List<String> runWriter(String tag) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(ChildJvm.command(DamagedTailWriter.class, true, dir.toString(), tag))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        return out.lines().toList();
    }

    private static List<Long> acknowledged(List<String> lines) {
        List<Long> sequences = new ArrayList<>();
        lines.stream().filter(line -> line.startsWith("ACK ")).forEach(line -> sequences.add(Long.parseLong(line.split(" ")[2])));
        return sequences;
    }

    /** After a reopen, by a writer and read-only, each acknowledged sequence holds the message the child appended. */
    private void assertEveryAcknowledgedEventReadable(List<Long> acknowledged, String tag) {
        for (int open = 0; open < 2; open++) {
            try (ChronicleSessionStore store = open == 0 ? ChronicleSessionStore.openReadOnly(dir)
                    : ChronicleSessionStore.open(dir, onePartition())) {
                for (int i = 0; i < acknowledged.size(); i++) {
                    List<RecordedEvent> read = store.read(S1, acknowledged.get(i), 1);
                    assertEquals(1, read.size(), "acknowledged s1 " + acknowledged.get(i) + " is not readable");
                    assertEquals(tag + "-" + i, ((UserMessageReceived) read.get(0).event()).messageId());
                }
            } catch (StoreDamagedException refused) {
                assertEquals(List.of(), acknowledged, "a store that acknowledged appends must open again");
            }
        }
    }
}
