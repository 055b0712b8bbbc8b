package dev.sessionlog.cli;

import java.nio.file.Path;

/** Opens Chronicle stores. (Placeholder until the store module's ChronicleSessionStore is merged.) */
final class ChronicleStoreOpener implements StoreOpener {
    @Override
    public OpenedStore openReadOnly(Path directory) {
        throw new StoreUnavailableException("the durable store is not available in this build");
    }

    @Override
    public OpenedStore openForWriting(Path directory) {
        throw new StoreUnavailableException("the durable store is not available in this build");
    }

    @Override
    public OpenedStore openTemporary() {
        throw new StoreUnavailableException("the durable store is not available in this build");
    }
}
