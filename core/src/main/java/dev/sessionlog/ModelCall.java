package dev.sessionlog;

import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.ProviderError;
import java.util.List;

/**
 * One model call in flight, returned by {@link SessionHandle#startModelCall}. Its outcome is
 * recorded once: {@link #complete}, {@link #fail(Throwable)} or {@link #fail(ProviderError)}.
 * Closing it without an outcome records {@code ModelCallFailed(CANCELLED)}: use it in
 * try-with-resources, and no path can leave a call open.
 *
 * <pre>{@code
 * try (ModelCall call = handle.startModelCall("anthropic", "claude-sonnet-4-6", Duration.ofSeconds(60))) {
 *     Reply reply = provider.send(prompt);                 // nothing held while waiting
 *     call.complete(reply.content(), reply.usage(), reply.stopReason());
 * } catch (ProviderException e) {
 *     // the failure is already recorded by call.fail(e) in the provider adapter, or CANCELLED by close()
 * }
 * }</pre>
 */
public interface ModelCall extends AutoCloseable {

    /** The call's id. */
    CallId callId();

    /**
     * Records the answer.
     *
     * @throws CallAlreadyEndedException when the call already ended (its deadline passed, say)
     */
    AppendResult complete(List<ContentBlock> content, Usage usage, String stopReason);

    /** Records the failure {@code error} describes, classified by the store's classifier. */
    AppendResult fail(ProviderError error);

    /** Records a thrown failure, classified by its type and message. */
    AppendResult fail(Throwable error);

    /** Whether an outcome has been recorded through this object. */
    boolean ended();

    /** Records {@code CANCELLED} when no outcome was recorded and the call is still open; otherwise does nothing. */
    @Override
    void close();

    /** Shorthand for a text answer. */
    default AppendResult completeWithText(String text, Usage usage) {
        return complete(List.of(new ContentBlock.Text(text)), usage, "stop");
    }
}
