package dev.sessionlog.cli;

import dev.sessionlog.ModelCall;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in gateway for the end-to-end test: a separate process that holds a store open for
 * writing and appends a user message and an answer every 20 ms until it is killed. Prints
 * {@code ready} once the first session is stored.
 */
public final class GatewayWriterMain {
    private GatewayWriterMain() {}

    public static void main(String[] args) throws InterruptedException {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), ChronicleStoreOptions.defaults())) {
            SessionHandle chat = store.session(SessionId.of("live-gateway-1"));
            chat.start(SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:1"), "main", "telegram"));
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; ; i++) {
                chat.receiveUserMessage("m-" + i, "message " + i);
                try (ModelCall call = chat.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(30))) {
                    call.completeWithText("answer " + i, Usage.of(3, 2));
                }
                Thread.sleep(20);
            }
        }
    }
}
