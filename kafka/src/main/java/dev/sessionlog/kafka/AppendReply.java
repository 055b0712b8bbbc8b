package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionId;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.SessionEnded;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The owner's answer to an {@link AppendRequest}, written to the replies topic in the same Kafka
 * transaction as the append's events (so a reply is visible exactly when its events are), and its
 * format: the result as {@link AppendResult} holds it, or the refusal as the typed exception the
 * owner threw, with its fields, so the caller rethrows the same exception:
 *
 * <pre>
 *   int   magic  0x534C4B52 ("SLKR"); byte format version (1); long, long  request id
 *   long  the partition's last position when the owner answered
 *   byte  kind: 0 result, 1 wrong expected sequence, 2 session ended, 3 call already ended,
 *         4 invalid event, 5 illegal argument
 *   int, bytes  the session id (UTF-8)
 *   result: long first, long last, long position, byte duplicate, int n, n × {long sequence, byte duplicate}
 *   1: long expected (-1 any), long actual;  2: the reason's name;  3: the call id;  4, 5: the reason
 * </pre>
 *
 * @param requestId the request answered
 * @param outcome the result, or the refusal
 * @param seenPosition the partition's last position when the owner answered: the caller's replica
 *     must hold it before the caller is answered
 */
record AppendReply(UUID requestId, Either<RuntimeException, AppendResult> outcome, long seenPosition) {
    static final int MAGIC = 0x534C4B52;
    static final byte VERSION = 1;
    private static final byte RESULT = 0;
    private static final byte WRONG_EXPECTED_SEQUENCE = 1;
    private static final byte SESSION_ENDED = 2;
    private static final byte CALL_ALREADY_ENDED = 3;
    private static final byte INVALID_EVENT = 4;
    private static final byte ILLEGAL_ARGUMENT = 5;

    /** Whether the owner can send {@code refusal} back as it is (the rules' refusals and bad arguments). */
    static boolean answers(RuntimeException refusal) {
        return refusal instanceof WrongExpectedSequenceException || refusal instanceof SessionEndedException
                || refusal instanceof CallAlreadyEndedException || refusal instanceof InvalidEventException
                || refusal instanceof IllegalArgumentException;
    }

    /** The record value; {@code session} is the request's session. */
    byte[] write(SessionId session) {
        Out out = new Out();
        out.buffer.putInt(MAGIC).put(VERSION).putLong(requestId.getMostSignificantBits())
                .putLong(requestId.getLeastSignificantBits()).putLong(seenPosition);
        if (outcome.isRight()) {
            AppendResult r = outcome.get();
            out.kind(RESULT).string(session.value());
            out.ensure(8 * 3 + 1 + 4 + r.outcomes().size() * 9);
            out.buffer.putLong(r.firstSequence()).putLong(r.lastSequence()).putLong(r.position())
                    .put((byte) (r.duplicate() ? 1 : 0)).putInt(r.outcomes().size());
            for (AppendResult.Outcome o : r.outcomes()) {
                out.buffer.putLong(o.sequence()).put((byte) (o.duplicate() ? 1 : 0));
            }
        } else {
            RuntimeException e = outcome.getLeft();
            if (e instanceof WrongExpectedSequenceException w) {
                out.kind(WRONG_EXPECTED_SEQUENCE).string(session.value());
                out.buffer.putLong(w.expected().isAny() ? -1 : w.expected().value()).putLong(w.actual());
            } else if (e instanceof SessionEndedException ended) {
                out.kind(SESSION_ENDED).string(session.value()).string(ended.reason().name());
            } else if (e instanceof CallAlreadyEndedException call) {
                out.kind(CALL_ALREADY_ENDED).string(session.value()).string(call.callId().value());
            } else if (e instanceof InvalidEventException invalid) {
                out.kind(INVALID_EVENT).string(session.value()).string(reason(invalid, session));
            } else {
                out.kind(ILLEGAL_ARGUMENT).string(session.value()).string(String.valueOf(e.getMessage()));
            }
        }
        return out.bytes();
    }

    /** The request id of a reply, or null when {@code value} is not one: the reply thread skips others' early. */
    static UUID requestIdOf(byte[] value) {
        if (value == null || value.length < 21) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        if (in.getInt() != MAGIC || in.get() != VERSION) {
            return null;
        }
        return new UUID(in.getLong(), in.getLong());
    }

    /** The reply in a record value, or why it cannot be one. Never throws. */
    static Either<String, AppendReply> read(byte[] value) {
        UUID id = requestIdOf(value);
        if (id == null) {
            return Either.left("not an append reply");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            in.position(21);
            long seenPosition = in.getLong();
            byte kind = in.get();
            SessionId session = SessionId.of(string(in));
            RuntimeException refusal = switch (kind) {
                case RESULT -> null;
                case WRONG_EXPECTED_SEQUENCE -> {
                    long expected = in.getLong();
                    yield new WrongExpectedSequenceException(session,
                            expected < 0 ? ExpectedSequence.any() : ExpectedSequence.exactly(expected), in.getLong());
                }
                case SESSION_ENDED -> new SessionEndedException(session, SessionEnded.Reason.valueOf(string(in)));
                case CALL_ALREADY_ENDED -> new CallAlreadyEndedException(session, CallId.of(string(in)));
                case INVALID_EVENT -> new InvalidEventException(session, string(in));
                case ILLEGAL_ARGUMENT -> new IllegalArgumentException(string(in));
                default -> throw new IllegalArgumentException("kind " + kind);
            };
            if (refusal != null) {
                return Either.right(new AppendReply(id, Either.left(refusal), seenPosition));
            }
            long first = in.getLong();
            long last = in.getLong();
            long position = in.getLong();
            boolean duplicate = in.get() == 1;
            int n = in.getInt();
            if (n < 1 || n > in.remaining() / 9) {
                throw new IllegalArgumentException("outcomes");
            }
            List<AppendResult.Outcome> outcomes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                outcomes.add(new AppendResult.Outcome(in.getLong(), in.get() == 1));
            }
            return Either.right(new AppendReply(id, Either.right(new AppendResult(session, first, last, position,
                    duplicate, outcomes)), seenPosition));
        } catch (RuntimeException e) { // a short buffer, an unknown reason, an invalid id
            return Either.left("a malformed append reply: " + e.getClass().getSimpleName());
        }
    }

    /** The reason an invalid event was refused for, without the "session …: " its message starts with. */
    private static String reason(InvalidEventException e, SessionId session) {
        String message = String.valueOf(e.getMessage());
        String prefix = "session " + session + ": ";
        return e.session() != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length");
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    /** A growing buffer. */
    private static final class Out {
        ByteBuffer buffer = ByteBuffer.allocate(256);

        Out kind(byte kind) {
            ensure(1);
            buffer.put(kind);
            return this;
        }

        Out string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            ensure(4 + bytes.length);
            buffer.putInt(bytes.length).put(bytes);
            return this;
        }

        void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            System.arraycopy(buffer.array(), 0, bytes, 0, bytes.length);
            return bytes;
        }
    }
}
