/**
 * Errors of the sessionlog API: one class per RFC 9457 problem type the server answers with, each
 * carrying the problem's fields. Network failures are the platform's own errors (`TypeError` from
 * `fetch`), never one of these.
 */

/** The problem document the server sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [field: string]: unknown;
}

const PREFIX = "https://sessionlog.dev/problems/";

/** Any problem the server answered with. */
export class SessionlogError extends Error {
  /** The problem's name, such as `wrong-expected-sequence`. */
  readonly problemType: string;
  readonly status: number;
  readonly detail: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = new.target.name;
    this.problem = problem;
    this.status = problem.status;
    this.detail = problem.detail;
    this.problemType = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
  }
}

/** The session's last sequence was not the one the append expected. */
export class WrongExpectedSequenceError extends SessionlogError {
  /** The last sequence the append expected (0: no session). */
  readonly expected: number;
  /** The session's actual last sequence. */
  readonly actual: number;

  constructor(problem: Problem) {
    super(problem);
    this.expected = Number(problem.expected);
    this.actual = Number(problem.actual);
  }
}

/** The call already had its outcome (the watchdog ended it at its deadline, say). */
export class CallAlreadyEndedError extends SessionlogError {
  readonly callId: string;

  constructor(problem: Problem) {
    super(problem);
    this.callId = String(problem.callId);
  }
}

/** The session has ended: nothing can be appended. */
export class SessionEndedError extends SessionlogError {}

/** The codec or the store refused an event; nothing was stored. */
export class InvalidEventError extends SessionlogError {}

/** No such session, call or resource. */
export class NotFoundError extends SessionlogError {}

/** Malformed JSON or parameters. */
export class BadRequestError extends SessionlogError {}

/** The body is larger than the server accepts. */
export class PayloadTooLargeError extends SessionlogError {}

/** No or a wrong bearer token. */
export class UnauthorizedError extends SessionlogError {}

/** The store's writer queue is full: retry after {@link retryAfterSeconds}. */
export class StoreBusyError extends SessionlogError {
  readonly retryAfterSeconds: number;

  constructor(problem: Problem, retryAfterSeconds: number) {
    super(problem);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The store's disk is (nearly) full; it stays readable. */
export class StoreFullError extends SessionlogError {}

/**
 * The store cannot serve the request now: on a Kafka store, a node that lost a partition or cannot
 * reach the cluster ({@link retryable}: the same request may succeed after
 * {@link retryAfterSeconds}), or whose copy of the events stopped (not retryable on that node).
 */
export class StoreUnavailableError extends SessionlogError {
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** When {@link retryable}: how long to wait first. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds: number | undefined) {
    super(problem);
    this.retryable = problem.retryable === true;
    this.retryAfterSeconds = this.retryable ? retryAfterSeconds ?? 1 : undefined;
  }
}

/** The error for a problem response. */
export function errorOf(problem: Problem, retryAfter: string | null): SessionlogError {
  const name = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : "";
  switch (name) {
    case "wrong-expected-sequence": return new WrongExpectedSequenceError(problem);
    case "call-already-ended": return new CallAlreadyEndedError(problem);
    case "session-ended": return new SessionEndedError(problem);
    case "invalid-event": return new InvalidEventError(problem);
    case "not-found": return new NotFoundError(problem);
    case "bad-request": return new BadRequestError(problem);
    case "payload-too-large": return new PayloadTooLargeError(problem);
    case "unauthorized": return new UnauthorizedError(problem);
    case "store-busy": return new StoreBusyError(problem, Number(retryAfter ?? "1") || 1);
    case "store-full": return new StoreFullError(problem);
    case "store-unavailable":
      return new StoreUnavailableError(problem, retryAfter === null ? undefined : Number(retryAfter) || 1);
    default: return new SessionlogError(problem);
  }
}
