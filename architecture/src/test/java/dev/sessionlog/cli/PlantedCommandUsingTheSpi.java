package dev.sessionlog.cli;

import dev.sessionlog.spi.SessionLedger;

/** A planted violation: the CLI, which is no store, using the store SPI. */
final class PlantedCommandUsingTheSpi {
    private PlantedCommandUsingTheSpi() {}

    static Class<?> ledger() {
        return SessionLedger.class;
    }
}
