package dev.sessionlog.store;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link DeleteCrashIT}: opens the store (one partition, so every session
 * shares the day file), writes {@value #SESSIONS} sessions {@code doomed-<tag>-<n>}, each with the
 * text {@code secret <tag>-<n>.}, between messages of the session {@code kept}, prints
 * {@code WRITTEN <tag>} and {@code ACK kept <sequence>}, then deletes the doomed sessions one after
 * another, printing {@code DELETED <session>} once each delete returned, until it is killed.
 * Arguments: store directory, tag.
 */
public final class DeletingWriter {
    static final int SESSIONS = 40;

    private DeletingWriter() {}

    public static void main(String[] args) {
        String tag = args[1];
        SessionId kept = SessionId.of("kept");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), StoreFixtures.onePartition())) {
            if (store.summary(kept).isEmpty()) {
                store.append(kept, ExpectedSequence.noSession(), List.of(StoreFixtures.started("kept"))).join();
            }
            for (int n = 0; n < SESSIONS; n++) {
                SessionId doomed = SessionId.of("doomed-" + tag + "-" + n);
                store.append(doomed, ExpectedSequence.noSession(), List.of(StoreFixtures.started("doomed"),
                        UserMessageReceived.text("m", "secret " + tag + "-" + n + "."))).join();
                long sequence = store.append(kept, ExpectedSequence.any(), List.of(StoreFixtures.message(tag + "-" + n)))
                        .join().lastSequence();
                System.out.println("ACK kept " + sequence);
            }
            System.out.println("WRITTEN " + tag);
            System.out.flush();
            for (int n = 0; n < SESSIONS; n++) {
                SessionId doomed = SessionId.of("doomed-" + tag + "-" + n);
                store.delete(doomed);
                System.out.println("DELETED " + doomed);
                System.out.flush();
            }
            System.out.println("DONE");
            System.out.flush();
        }
    }
}
