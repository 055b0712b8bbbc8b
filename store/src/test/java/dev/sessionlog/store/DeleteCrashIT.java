package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while sessions are being deleted ({@link DeletingWriter}), at random moments: the store
 * opens for writing with nothing to repair and verifies; every delete that returned left no byte of
 * its session's text in any file; a session whose delete was cut short is either whole or gone
 * (after the open finished its journalled erasure), never half; the session sharing the day file
 * keeps every acknowledged event.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeleteCrashIT {
    private static final int KILLS = 8;

    @TempDir
    Path dir;

    @Test
    void sigkill_during_deletes_leaves_a_healthy_store_and_no_text_of_a_finished_delete() throws Exception {
        Random random = new Random(20261204L);
        AtomicLong keptAcknowledged = new AtomicLong();
        int deletes = 0;
        for (int round = 0; round < KILLS; round++) {
            String tag = "r" + round;
            Set<SessionId> deleted = ConcurrentHashMap.newKeySet();
            Process child = ChildJvm.start(DeletingWriter.class, dir.toString(), tag);
            CountDownLatch written = new CountDownLatch(1);
            Thread lines = new Thread(() -> read(child, keptAcknowledged, deleted, written));
            lines.start();
            assertTrue(written.await(120, TimeUnit.SECONDS), "the child wrote its sessions");
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            lines.join();
            for (SessionId session : deleted) {
                String secret = "secret " + session.value().substring("doomed-".length()) + ".";
                assertEquals(List.of(), StoreFiles.holding(dir, secret), "round " + round + ": " + session);
            }
            try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, StoreFixtures.onePartition())) {
                assertEquals(List.of(), store.verify(), "round " + round);
                assertTrue(store.read(SessionId.of("kept"), 1, Integer.MAX_VALUE).size() >= keptAcknowledged.get(),
                        "round " + round + ": every acknowledged event of the session sharing the day file");
                for (int n = 0; n < DeletingWriter.SESSIONS; n++) {
                    SessionId doomed = SessionId.of("doomed-" + tag + "-" + n);
                    int events = store.read(doomed, 1, 10).size();
                    if (deleted.contains(doomed)) {
                        assertEquals(0, events, "round " + round + ": " + doomed + " was deleted");
                    } else {
                        assertTrue(events == 0 || events >= 2, "round " + round + ": " + doomed + " whole or gone, has "
                                + events);
                    }
                }
            }
            deletes += deleted.size();
        }
        assertTrue(deletes > 0, "some delete returned before a kill");
    }

    private static void read(Process child, AtomicLong keptAcknowledged, Set<SessionId> deleted, CountDownLatch written) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ACK kept ")) {
                    keptAcknowledged.accumulateAndGet(Long.parseLong(line.substring("ACK kept ".length())), Math::max);
                } else if (line.startsWith("WRITTEN ")) {
                    written.countDown();
                } else if (line.startsWith("DELETED ")) {
                    deleted.add(SessionId.of(line.substring("DELETED ".length())));
                }
            }
        } catch (java.io.IOException e) {
            // killed mid-line: what was read before counts
        }
    }
}
