package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.StoreFullException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DiskSpaceTest {
    private static final long RESERVE = 1_000;
    private long usable = 1_000_000;
    private int reads;
    private long now;
    private final DiskSpace space = new DiskSpace(() -> {
        reads++;
        return usable;
    }, RESERVE, () -> now);

    @Test
    void a_reading_is_reused_while_fresh_and_far_from_the_reserve() throws IOException {
        for (int i = 0; i < 100; i++) {
            space.require(300, "store");
            space.wrote(300);
        }
        assertEquals(1, reads);
    }

    @Test
    void a_stale_reading_is_read_again() throws IOException {
        space.require(300, "store");
        now += TimeUnit.MILLISECONDS.toNanos(DiskSpace.MAX_AGE_MILLIS) + 1;
        space.require(300, "store");
        assertEquals(2, reads);
    }

    @Test
    void the_writers_own_bytes_count_against_a_reused_reading() throws IOException {
        usable = 10_000;
        space.require(4_000, "store");
        space.wrote(4_000);
        space.require(4_000, "store");
        space.wrote(4_000);
        // the disk reports what the writer used: 2,000 left, of which 1,000 is the reserve
        usable = 2_000;
        StoreFullException full = assertThrows(StoreFullException.class, () -> space.require(1_001, "store"));
        assertEquals(RESERVE, full.reserveBytes());
        space.require(1_000, "store");
    }

    @Test
    void near_the_reserve_every_check_reads_the_disk_so_other_writers_are_noticed() throws IOException {
        usable = 2_050;
        space.require(100, "store");
        usable = 1_050;
        assertThrows(StoreFullException.class, () -> space.require(100, "store"));
        assertEquals(2, reads);
    }

    @Test
    void an_append_is_refused_only_on_a_fresh_reading() throws IOException {
        usable = 1_000_000;
        space.require(100, "store");
        space.wrote(998_000);
        // the reused reading says full, but space was freed meanwhile
        usable = 500_000;
        space.require(100, "store");
        assertEquals(2, reads);
    }

    @Test
    void an_unreadable_disk_is_reported() {
        DiskSpace broken = new DiskSpace(() -> {
            throw new IOException("statvfs failed");
        }, RESERVE, () -> now);
        assertThrows(IOException.class, () -> broken.require(1, "store"));
    }
}
