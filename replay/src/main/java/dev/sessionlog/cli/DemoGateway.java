package dev.sessionlog.cli;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.ModelCall;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.ProviderError;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo's simulated gateway: one Telegram chat whose messages go through a {@link SessionHandle}
 * to a scripted provider that answers, then fails every way a provider fails in the field, then
 * hangs. It narrates what happens, and above all how fast each next user message is stored.
 */
final class DemoGateway {
    static final SessionId SESSION = SessionId.of("demo-telegram-123456789");
    static final SessionKey KEY = SessionKey.of("agent:main:telegram:direct:123456789");
    private static final String PROVIDER = "anthropic";
    private static final String MODEL = "claude-sonnet-4-6";

    /** What the scripted provider does with one request. */
    enum Turn {
        ANSWER("What's on my calendar today?"),
        RATE_LIMITED("And tomorrow?"),
        QUOTA_EXCEEDED("Are you there?"),
        OVERLOADED("Hello?"),
        HANG("Please summarise this week."),
        ANSWER_AGAIN("Thanks, that's all.");

        final String userText;

        Turn(String userText) {
            this.userText = userText;
        }
    }

    private final SessionStore store;
    private final PrintWriter out;
    private final Duration hangDeadline;
    private final SessionId session;

    /**
     * A gateway narrating to {@code out} that writes a new session: {@link #SESSION}, or in a store
     * that already holds it (an earlier demo in a kept store), {@code <SESSION>-2}, {@code -3} …
     */
    DemoGateway(SessionStore store, PrintWriter out, Duration hangDeadline) {
        this.store = store;
        this.out = out;
        this.hangDeadline = hangDeadline;
        this.session = freeSession(store);
    }

    private static SessionId freeSession(SessionStore store) {
        SessionId candidate = SESSION;
        for (int n = 2; store.summary(candidate).isPresent(); n++) {
            candidate = SessionId.of(SESSION.value() + "-" + n);
        }
        return candidate;
    }

    /** Runs the script; returns the handle of the session it wrote. */
    SessionHandle run() throws InterruptedException {
        SessionHandle chat = store.session(session);
        chat.start(SessionStarted.initial(KEY, "main", "telegram"));
        out.printf("Session %s (key %s), provider %s/%s%n%n", session, KEY, PROVIDER, MODEL);
        int number = 0;
        for (Turn turn : Turn.values()) {
            number++;
            String messageId = "tg-" + number;
            receive(chat, messageId, turn.userText);
            if (turn == Turn.HANG) {
                hang(chat, number);
            } else {
                callProvider(chat, turn);
            }
            out.println();
            out.flush();
        }
        return chat;
    }

    private void receive(SessionHandle chat, String messageId, String text) {
        long start = System.nanoTime();
        AppendResult stored = chat.receiveUserMessage(messageId, text);
        out.printf("user  > %s%n        stored as event #%d in %s%n", text, stored.lastSequence(), millis(start));
    }

    private void callProvider(SessionHandle chat, Turn turn) {
        try (ModelCall call = chat.startModelCall(PROVIDER, MODEL, Duration.ofSeconds(60))) {
            switch (turn) {
                case ANSWER -> answer(call, "You have a dentist appointment at 10:00.");
                case ANSWER_AGAIN -> answer(call, "You're welcome!");
                case RATE_LIMITED -> fail(call, ProviderError.http(PROVIDER, 429,
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request "
                                + "tokens has exceeded your per-minute rate limit\"}}").withRetryAfter(Duration.ofSeconds(30)),
                        "HTTP 429 rate_limit_error, retry-after 30 s");
                case QUOTA_EXCEEDED -> fail(call, ProviderError.http(PROVIDER, 429,
                        "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"You exceeded your current quota, "
                                + "please check your plan and billing details.\"}}"), "HTTP 429 insufficient_quota");
                case OVERLOADED -> fail(call, ProviderError.http(PROVIDER, 529,
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                        "HTTP 529 overloaded_error");
                case HANG -> throw new IllegalStateException("a hanging call is run by hang()");
            }
        }
    }

    private void answer(ModelCall call, String text) {
        call.completeWithText(text, Usage.of(1200, 40));
        out.printf("model < %s%n", text);
    }

    private void fail(ModelCall call, ProviderError error, String what) {
        call.fail(error);
        out.printf("model x %s: recorded as ModelCallFailed(%s)%n", what, lastFailure());
    }

    /**
     * The field failure this store exists for: the provider never answers. Under a lock-file store
     * the session would now be dead until a restart. Here the call is open, nothing is held, the
     * next message is stored at once, and the store's watchdog ends the call at its deadline.
     */
    private void hang(SessionHandle chat, int number) throws InterruptedException {
        CountDownLatch providerReturns = new CountDownLatch(1);
        long callStart = System.nanoTime();
        ModelCall call = chat.startModelCall(PROVIDER, MODEL, hangDeadline);
        Thread provider = new Thread(() -> awaitAndAnswerLate(call, providerReturns), "demo-hung-provider");
        provider.setDaemon(true);
        provider.start();
        out.printf("model … no answer: the call hangs (deadline %d ms)%n", hangDeadline.toMillis());

        receive(chat, "tg-" + number + "-while-hanging", "Hello? Anyone?");
        out.println("        (accepted while the call hangs: nothing in the store waits on a model call)");

        long giveUp = callStart + hangDeadline.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (store.summary(session).map(SessionSummary::openCalls).orElse(0) > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
        out.printf("store x the watchdog ended the hung call after %s: ModelCallFailed(%s)%n",
                millis(callStart), lastFailure());
        providerReturns.countDown();
        provider.join(TimeUnit.SECONDS.toMillis(5));
    }

    /** The hung provider finally answers, too late: the store refuses a second outcome. */
    private void awaitAndAnswerLate(ModelCall call, CountDownLatch providerReturns) {
        try {
            providerReturns.await();
            call.completeWithText("(a late answer)", Usage.NONE);
            out.println("model < the late answer was stored (unexpected)");
        } catch (CallAlreadyEndedException e) {
            out.println("model < the late answer arrived and was refused: the call had already ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    private String lastFailure() {
        return store.summary(session).map(s -> String.valueOf(s.lastFailure())).orElse("?");
    }

    private static String millis(long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1_000_000.0;
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

}
