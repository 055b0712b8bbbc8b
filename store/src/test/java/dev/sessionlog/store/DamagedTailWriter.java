package dev.sessionlog.store;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link AcknowledgedAfterDamageIT}, run without {@code -ea} as users run
 * stores: opens the store in {@code args[0]} for writing and appends ten messages to session
 * {@code s1}, printing {@code ACK s1 <sequence>} for each acknowledged one, or {@code REFUSED} and
 * the lost events when the store refuses to open. Prints {@code ASSERTIONS <enabled>} first.
 */
public final class DamagedTailWriter {
    private DamagedTailWriter() {}

    public static void main(String[] args) {
        boolean assertions = false;
        assert assertions = true;
        System.out.println("ASSERTIONS " + assertions);
        SessionId session = SessionId.of("s1");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), StoreFixtures.onePartition())) {
            for (int i = 0; i < 10; i++) {
                AppendResult result = store.append(session, ExpectedSequence.any(),
                        List.of(StoreFixtures.message(args[1] + "-" + i))).join();
                System.out.println("ACK " + session + " " + result.firstSequence());
            }
        } catch (StoreDamagedException refused) {
            System.out.println("REFUSED " + refused.damage().lost());
        }
        System.out.flush();
    }
}
