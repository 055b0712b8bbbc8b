package dev.sessionlog.projection;

import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The default notice texts. Written for the person chatting, not the operator: what happened and
 * what to do, in one sentence, with no provider jargon and never the provider's own message.
 */
enum DefaultNoticeTemplates implements NoticeTemplates {
    INSTANCE;

    private final Map<FailureKind, String> texts = texts();
    private final Map<FailureKind, String> withRetryAfter = new EnumMap<>(Map.of(
            FailureKind.RATE_LIMITED, "Rate limited by {provider}; try again in {retryAfter}."));

    private static Map<FailureKind, String> texts() {
        Map<FailureKind, String> texts = new EnumMap<>(FailureKind.class);
        texts.put(FailureKind.RATE_LIMITED, "Rate limited by {provider}; try again in a little while.");
        texts.put(FailureKind.QUOTA_EXCEEDED, "Model API quota exceeded, try again later.");
        texts.put(FailureKind.BILLING,
                "The AI service account is out of credits or needs a billing update; please let the operator know.");
        texts.put(FailureKind.OVERLOADED, "The AI service is overloaded right now; please try again in a moment.");
        texts.put(FailureKind.TIMEOUT, "The AI service did not answer in time; please try again.");
        texts.put(FailureKind.NETWORK, "Could not reach {provider} right now; please try again in a moment.");
        texts.put(FailureKind.AUTH, "The AI service rejected the gateway's credentials; please let the operator know.");
        texts.put(FailureKind.CONTEXT_OVERFLOW,
                "This conversation is too long for the model; please start a new session with /new and try again.");
        texts.put(FailureKind.INVALID_REQUEST,
                "The AI service could not process this request; please rephrase it or try again.");
        texts.put(FailureKind.MODEL_NOT_FOUND,
                "The selected model is not available; please choose another model or let the operator know.");
        texts.put(FailureKind.CANCELLED, "The request was cancelled before the AI answered.");
        texts.put(FailureKind.INTERRUPTED,
                "The request was interrupted when the gateway restarted; please send it again.");
        texts.put(FailureKind.UNKNOWN, "Something went wrong while contacting the AI service; please try again.");
        return texts;
    }

    @Override
    public String render(ModelCallFailed failure) {
        String template = failure.retryAfter() != null ? withRetryAfter.get(failure.kind()) : null;
        return NoticeText.fill(template != null ? template : texts.get(failure.kind()), failure);
    }
}
