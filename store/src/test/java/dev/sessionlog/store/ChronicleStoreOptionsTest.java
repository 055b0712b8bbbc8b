package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.store.log.StoreMetadata;
import org.junit.jupiter.api.Test;

class ChronicleStoreOptionsTest {

    @Test
    void a_disk_reserve_below_the_largest_record_and_as_much_again_is_refused_and_says_why() {
        for (long unsafe : new long[] {0, 1 << 20, ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES - 1}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleStoreOptions.builder().diskReserveBytes(unsafe).build(), "reserve " + unsafe);
            assertTrue(refused.getMessage().contains("at least " + ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES)
                    && refused.getMessage().contains("full"), refused.getMessage());
        }
        assertEquals(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES, ChronicleStoreOptions.builder()
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build().diskReserveBytes());
    }

    @Test
    void the_smallest_reserve_holds_the_largest_record_and_as_much_again() {
        assertTrue(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES >= 2 * StoreMetadata.MAX_RECORD_BYTES);
        assertTrue(ChronicleStoreOptions.DEFAULT_DISK_RESERVE_BYTES >= ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES);
    }
}
