import type {
  AppendResult, ContentBlock, FailureKind, FailureNotice, NewEvent, ProviderResponse, RecordedEvent, SessionStatus,
  SessionSummary, Transcript, Usage, UserNotice,
} from "./events.js";
import { errorOf, type Problem, SessionlogError } from "./errors.js";
import { parseJson } from "./json.js";
import { SseParser } from "./sse.js";

/** How to reach a `sessionlog serve`. */
export interface ClientOptions {
  /** Such as `http://127.0.0.1:7370`. */
  baseUrl: string;
  /** The bearer token: the store directory's `http-token` file, or the server's `--token-file`. */
  token: string;
  /** The `fetch` to use; the platform's by default. */
  fetch?: typeof fetch;
  /** The longest wait between reconnection attempts of a tail, in milliseconds (default 2,000). */
  maxReconnectDelayMillis?: number;
}

/** What `expectedSequence` may be: a sequence number (0: the session must not exist), `any` or `none`. */
export type ExpectedSequence = number | "any" | "none";

/** Options of a tail. */
export interface TailOptions {
  /** Stops the tail: the iterator ends. */
  signal?: AbortSignal;
}

/** An event of the store-wide tail with the cursor to resume after it. */
export interface StreamItem {
  /** Persist it; pass it to {@link SessionlogClient.tail} to resume after this event. */
  cursor: string;
  event: RecordedEvent;
}

/**
 * Which sessions {@link SessionlogClient.sessions} lists: every filter given must hold, and `limit`
 * counts the sessions that match. The server applies them to its index before it makes a summary.
 */
export interface SessionsQuery {
  /** Only sessions under exactly this key. */
  key?: string;
  /** Only sessions whose key starts with this text (lower-cased, as keys are; never blank). */
  keyPrefix?: string;
  /** true: leave out ended sessions. */
  active?: boolean;
  /** Only sessions in this state. */
  state?: SessionSummary["state"];
  /** Only sessions whose newest model call failed this way. */
  failure?: FailureKind;
  /** Only sessions whose provider (of the last call or override) is exactly this. */
  provider?: string;
  /** Only sessions whose model (of the last call or override) is exactly this. */
  model?: string;
  /** Only sessions updated after this instant (exclusive): an ISO-8601 string or a `Date`. */
  updatedAfter?: string | Date;
  /** Only sessions updated before this instant (exclusive): an ISO-8601 string or a `Date`. */
  updatedBefore?: string | Date;
  /** The most sessions on a page (the server's default when absent). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** A page of the session index. */
export interface SessionsPage {
  sessions: SessionSummary[];
  /** Pass it as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/**
 * The sessionlog HTTP API. Stateless and safe to share: every method is one request (a tail, one
 * long request that it reopens when the connection drops).
 *
 * ```ts
 * const store = new SessionlogClient({ baseUrl: "http://127.0.0.1:7370", token });
 * const chat = store.session("telegram-123456789");
 * await chat.receiveUserMessage("msg-1", "What's on my calendar today?");
 * const call = await chat.startModelCall({ provider: "openai", model: "gpt-5", deadlineMillis: 60_000 });
 * const { notice } = await call.fail({ status: 429, body: providerBody }); // "Model API quota exceeded, …"
 * ```
 */
export class SessionlogClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetcher: typeof fetch;
  readonly maxReconnectDelayMillis: number;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.maxReconnectDelayMillis = options.maxReconnectDelayMillis ?? 2_000;
  }

  /** The facade of one session. */
  session(id: string): Session {
    return new Session(this, id);
  }

  /**
   * Whether the server answers its liveness check: false when it cannot be reached, or when its
   * store cannot answer a read (a Kafka node whose replica stopped answers 503).
   */
  async health(): Promise<boolean> {
    try {
      const response = await this.fetcher(`${this.baseUrl}/v1/health`);
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** The session index, most recently updated first, narrowed by `query`'s filters. */
  sessions(query: SessionsQuery = {}): Promise<SessionsPage> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) {
        params.set(name, value instanceof Date ? value.toISOString() : String(value));
      }
    }
    const search = params.size > 0 ? `?${params}` : "";
    return this.request<SessionsPage>("GET", `/v1/sessions${search}`);
  }

  /**
   * Every session's events, stored ones first, then live, for as long as the caller iterates. A
   * dropped connection is reopened after the last event received: nothing is lost or repeated.
   *
   * @param cursor resume after this cursor (a {@link StreamItem.cursor}); the start of the log when absent
   */
  tail(cursor?: string, options: TailOptions = {}): AsyncGenerator<StreamItem> {
    const path = cursor === undefined ? "/v1/stream" : `/v1/stream?cursor=${encodeURIComponent(cursor)}`;
    return this.stream(path, cursor, options, (data, id) => ({ cursor: id ?? "", event: data }));
  }

  /** @internal One request; a problem answer is thrown as its typed error. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: this.headers(body !== undefined) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    const response = await this.fetcher(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    if (!response.ok) {
      throw problemError(response, text);
    }
    return parseJson<T>(text);
  }

  /** @internal The events of a server-sent-events path, reconnecting with Last-Event-ID. */
  async *stream<T>(path: string, lastEventId: string | undefined, options: TailOptions,
                   item: (data: RecordedEvent, id: string | undefined) => T): AsyncGenerator<T> {
    let lastId = lastEventId;
    let delay = 100;
    while (!options.signal?.aborted) {
      const connection = new AbortController();
      const stop = () => connection.abort();
      options.signal?.addEventListener("abort", stop, { once: true });
      const parser = new SseParser();
      try {
        const headers: Record<string, string> = { ...this.headers(false), Accept: "text/event-stream" };
        if (lastId !== undefined) {
          headers["Last-Event-ID"] = lastId;
        }
        const response = await this.fetcher(`${this.baseUrl}${path}`, { headers, signal: connection.signal });
        if (!response.ok) {
          const error = problemError(response, await response.text());
          if (response.status < 500) {
            throw error; // a wrong token or cursor does not get better by retrying
          }
        } else if (response.body) {
          delay = 100;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) {
                break;
              }
              for (const frame of parser.push(value)) {
                lastId = frame.id;
                yield item(parseJson<RecordedEvent>(frame.data), frame.id);
              }
            }
          } finally {
            connection.abort();
          }
        }
      } catch (error) {
        if (error instanceof SessionlogError) {
          throw error;
        }
        // the connection failed or dropped: reopen it below
      } finally {
        options.signal?.removeEventListener("abort", stop);
        connection.abort();
      }
      if (options.signal?.aborted) {
        return;
      }
      await sleep(parser.retry ?? delay, options.signal);
      delay = Math.min(delay * 2, this.maxReconnectDelayMillis);
    }
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (json) {
      headers["Content-Type"] = "application/json";
    }
    return headers;
  }
}

/** What to store as a model's answer: text or content blocks, with usage and why it stopped. */
export type Completion = ({ text: string; content?: never } | { content: ContentBlock[]; text?: never }) & {
  usage?: Usage;
  stopReason?: string;
};

/** What a gateway calls for one session: the HTTP twin of the Java `SessionHandle`. */
export class Session {
  constructor(private readonly client: SessionlogClient, readonly id: string) {}

  private path(rest = ""): string {
    return `/v1/sessions/${encodeURIComponent(this.id)}${rest}`;
  }

  /** Appends `events` as one batch: all are stored, or none. */
  append(events: NewEvent[], options: { expectedSequence?: ExpectedSequence } = {}): Promise<AppendResult> {
    return this.client.request("POST", this.path("/events"), {
      expectedSequence: options.expectedSequence ?? "any",
      events,
    });
  }

  /** Stores a user message, starting the session when it is new; `messageId` makes a retry a no-op. */
  receiveUserMessage(messageId: string, content: string | ContentBlock[]): Promise<AppendResult> {
    const body = typeof content === "string" ? { messageId, text: content } : { messageId, content };
    return this.client.request("POST", this.path("/messages"), body);
  }

  /**
   * Stores that a model call starts. Nothing is held while the provider answers; if no outcome
   * arrives by the deadline, the store ends the call as `timeout`.
   */
  async startModelCall(call: { provider: string; model: string; deadlineMillis: number; callId?: string;
                               attempt?: number }): Promise<ModelCall> {
    const started = await this.client.request<{ callId: string; deadline: string; sequence: number }>(
      "POST", this.path("/calls"), call);
    return new ModelCall(this.client, this.path(`/calls/${encodeURIComponent(started.callId)}`), started.callId,
      started.deadline, started.sequence);
  }

  /** Up to `limit` events from sequence `from` (inclusive). */
  read(options: { from?: number; limit?: number } = {}): Promise<{ events: RecordedEvent[]; nextSequence: number }> {
    return this.client.request("GET", this.path(`/events?from=${options.from ?? 1}&limit=${options.limit ?? 100}`));
  }

  /** The newest `count` events, oldest first. */
  async readLast(count: number): Promise<RecordedEvent[]> {
    return (await this.client.request<{ events: RecordedEvent[] }>("GET", this.path(`/events?last=${count}`))).events;
  }

  /** The session's index entry; undefined when there is no such session. */
  async summary(): Promise<SessionSummary | undefined> {
    try {
      return await this.client.request<SessionSummary>("GET", this.path());
    } catch (error) {
      if (error instanceof SessionlogError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** The messages of the next prompt (as they were at `atSequence`, when given). */
  transcript(atSequence?: number): Promise<Transcript> {
    return this.client.request("GET", this.path(`/projections/transcript${at(atSequence)}`));
  }

  /** Where the session stands. */
  status(atSequence?: number): Promise<SessionStatus> {
    return this.client.request("GET", this.path(`/projections/status${at(atSequence)}`));
  }

  /** The notices for the user, one per failed call, oldest first. */
  async notices(atSequence?: number): Promise<UserNotice[]> {
    return (await this.client.request<{ notices: UserNotice[] }>("GET",
      this.path(`/projections/notices${at(atSequence)}`))).notices;
  }

  /**
   * The session's events from sequence `from` (default 1), stored ones first, then live, for as long
   * as the caller iterates; a dropped connection is reopened after the last event received.
   */
  tail(from = 1, options: TailOptions = {}): AsyncGenerator<RecordedEvent> {
    return this.client.stream(this.path(`/stream?from=${from}`), undefined, options, (event) => event);
  }
}

/** A model call in flight; record exactly one outcome. */
export class ModelCall {
  constructor(private readonly client: SessionlogClient, private readonly path: string, readonly callId: string,
              readonly deadline: string, readonly sequence: number) {}

  /** Stores the answer; a {@link CallAlreadyEndedError} when the call had ended (its deadline passed). */
  complete(completion: Completion): Promise<AppendResult> {
    return this.client.request("POST", `${this.path}/complete`, completion);
  }

  /**
   * Stores the failure as the provider returned it; the server classifies and redacts it and
   * answers with the notice to show the user.
   */
  fail(providerResponse: ProviderResponse): Promise<FailureNotice> {
    return this.client.request("POST", `${this.path}/fail`, providerResponse);
  }

  /** Stores the call as cancelled. */
  cancel(): Promise<AppendResult> {
    return this.client.request("POST", `${this.path}/cancel`, {});
  }
}

function at(atSequence: number | undefined): string {
  return atSequence === undefined ? "" : `?atSequence=${atSequence}`;
}

function problemError(response: Response, text: string): SessionlogError {
  let problem: Problem;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = { type: "about:blank", title: `HTTP ${response.status}`, status: response.status, detail: text.slice(0, 200) };
  }
  return errorOf(problem, response.headers.get("Retry-After"));
}

function sleep(millis: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, millis);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
