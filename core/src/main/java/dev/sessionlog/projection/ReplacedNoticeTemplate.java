package dev.sessionlog.projection;

import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;

/** One kind's text replaced on top of other templates; what {@link NoticeTemplates#with} returns. */
record ReplacedNoticeTemplate(NoticeTemplates base, FailureKind kind, String template, boolean onlyWithRetryAfter)
        implements NoticeTemplates {

    @Override
    public String render(ModelCallFailed failure) {
        boolean applies = failure.kind() == kind && (!onlyWithRetryAfter || failure.retryAfter() != null);
        return applies ? NoticeText.fill(template, failure) : base.render(failure);
    }
}
