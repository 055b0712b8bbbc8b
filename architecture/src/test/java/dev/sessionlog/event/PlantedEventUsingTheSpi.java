package dev.sessionlog.event;

import dev.sessionlog.spi.SessionLedger;

/** A planted violation: an API type that depends on the store SPI. */
final class PlantedEventUsingTheSpi {
    private PlantedEventUsingTheSpi() {}

    static int maxBatch() {
        return SessionLedger.MAX_BATCH + new Object().hashCode() * 0;
    }

    static Class<?> ledger() {
        return SessionLedger.class;
    }
}
