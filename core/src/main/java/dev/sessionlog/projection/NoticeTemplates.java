package dev.sessionlog.projection;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;

/**
 * Renders the text a user sees for a failed model call. Replaceable: pass your own to
 * {@link UserNoticeProjection}, or change single texts of the defaults:
 *
 * <pre>{@code
 * NoticeTemplates templates = NoticeTemplates.defaults()
 *         .with(FailureKind.QUOTA_EXCEEDED, "Our AI budget is used up for today; back tomorrow.")
 *         .withRetryAfter(FailureKind.OVERLOADED, "{provider} is busy; try again in {retryAfter}.");
 * }</pre>
 *
 * <p>A template may hold these placeholders, filled by {@link #fill}:
 * <ul>
 *   <li>{@code {provider}}: the provider's name ({@code anthropic}), or "the AI provider" when unknown
 *       or not a plain name;
 *   <li>{@code {model}}: the model's name, or "the model";
 *   <li>{@code {retryAfter}}: the provider's retry-after as a rounded human duration ("about 30
 *       seconds", "about 2 minutes"), "a moment" under a second, or "a little while" when unknown.
 * </ul>
 *
 * <p>A notice never contains the provider's raw message or body: only the kind, the provider and
 * model names and the retry-after reach the text.
 */
public interface NoticeTemplates {
    /** The longest template accepted. */
    int MAX_TEMPLATE_LENGTH = 2000;

    /** The text for {@code failure}. */
    String render(ModelCallFailed failure);

    /**
     * The default texts: for example "Model API quota exceeded, try again later.", "Rate limited by
     * anthropic; try again in about 30 seconds.", "The AI service is overloaded right now; please try
     * again in a moment.", "The request was interrupted when the gateway restarted; please send it
     * again.", and a plain-language text for every other {@link FailureKind}.
     */
    static NoticeTemplates defaults() {
        return DefaultNoticeTemplates.INSTANCE;
    }

    /** These templates, with {@code template} for every failure of {@code kind}. */
    default NoticeTemplates with(FailureKind kind, String template) {
        return new ReplacedNoticeTemplate(this, checkedKind(kind), checkedTemplate(template), false);
    }

    /**
     * These templates, with {@code template} for the failures of {@code kind} that carry a
     * retry-after; the others of that kind keep their text.
     */
    default NoticeTemplates withRetryAfter(FailureKind kind, String template) {
        return new ReplacedNoticeTemplate(this, checkedKind(kind), checkedTemplate(template), true);
    }

    /** {@code template} with its placeholders filled from {@code failure}; unknown placeholders stay as they are. */
    static String fill(String template, ModelCallFailed failure) {
        requireArgument(template != null, "template must not be null");
        requireArgument(failure != null, "failure must not be null");
        return NoticeText.fill(template, failure);
    }

    private static FailureKind checkedKind(FailureKind kind) {
        requireArgument(kind != null, "failure kind must not be null");
        return kind;
    }

    private static String checkedTemplate(String template) {
        requireArgument(template != null && !template.isBlank(), "template must not be null or blank");
        requireArgument(template.length() <= MAX_TEMPLATE_LENGTH, "template is %s characters, more than the %s allowed",
                template.length(), MAX_TEMPLATE_LENGTH);
        return template;
    }
}
