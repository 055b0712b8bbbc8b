/**
 * The event model of sessionlog as the HTTP API carries it: the event codec's wire format,
 * `{"type": <wire name>, "v": <schema version>, "data": {…}}`, with camelCase fields, lower-case
 * enum names, ISO-8601 instants and durations in whole milliseconds.
 */

/** A block of a message: text, an image (by reference or inline), model thinking, or a tool call. */
export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "image"; mimeType?: string; ref?: string; data?: string }
  | { type: "thinking"; thinking: string; signature?: string }
  | { type: "tool_call"; id: string; name: string; arguments?: unknown; argumentsText?: string };

/** Token counts and cost of a model call; counts left out are 0. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  totalTokens?: number;
  costTotal?: number;
}

/** What went wrong in a failed model call. */
export type FailureKind =
  | "rate_limited" | "quota_exceeded" | "billing" | "overloaded" | "timeout" | "network" | "auth"
  | "context_overflow" | "invalid_request" | "model_not_found" | "cancelled" | "interrupted" | "unknown";

interface Wire<T extends string, D> {
  type: T;
  v: number;
  data: D;
}

/** Every event type, by wire name. */
export type SessionEvent =
  | Wire<"session_started", {
      sessionKey?: string; agentId?: string; channel?: string; origin?: unknown;
      reason: "initial" | "reset" | "fork"; parentSession?: string;
    }>
  | Wire<"user_message_received", { messageId: string; content: ContentBlock[]; provenance?: unknown }>
  | Wire<"model_call_started", { callId: string; provider: string; model: string; attempt: number; deadline?: string }>
  | Wire<"model_call_completed", { callId: string; content: ContentBlock[]; usage: Usage; stopReason: string }>
  | Wire<"model_call_failed", {
      callId: string; provider?: string; model?: string; kind: FailureKind; httpStatus?: number;
      providerErrorCode?: string; retryAfterMs?: number; providerMessage?: string; retryable: boolean;
    }>
  | Wire<"tool_result_recorded", { toolCallId: string; toolName: string; content: ContentBlock[]; isError: boolean }>
  | Wire<"settings_changed", Record<string, unknown>>
  | Wire<"transcript_compacted", { summary: string; firstKeptSequence: number; tokensBefore: number }>
  | Wire<"delivery_recorded", { deliveryId: string; target: string; text: string }>
  | Wire<"turn_aborted", { reason: "user_stop" | "superseded" | "gateway"; callId?: string }>
  | Wire<"custom_entry_recorded", { customType: string; data?: unknown }>
  | Wire<"context_message_added", { source: string; content: ContentBlock[]; display?: boolean }>
  | Wire<"session_key_assigned", { sessionKey: string; agentId?: string; channel?: string; origin?: unknown }>
  | Wire<"session_ended", { reason: "reset" | "deleted" | "expired" | "archived" }>;

/** The wire names of events. */
export type EventType = SessionEvent["type"];

/** Correlation and causation ids and source attributes of an event. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  attributes?: Record<string, string>;
}

/** An event to append, optionally with metadata. */
export type NewEvent = SessionEvent & { metadata?: EventMetadata };

/** A stored event: the envelope the store put around it. */
export interface RecordedEvent {
  /**
   * The event's position, unique in the store: a 64-bit integer as a decimal string, exact (it
   * exceeds `Number.MAX_SAFE_INTEGER`); compare positions with `BigInt(position)`. Resume a tail
   * with its cursor, not a position.
   */
  position: string;
  sessionId: string;
  /** 1, 2, 3 … in its session, without gaps. */
  sequence: number;
  eventId: string;
  recordedAt: string;
  metadata?: EventMetadata;
  event: SessionEvent;
}

/** What an append stored. */
export interface AppendResult {
  session: string;
  firstSequence: number;
  lastSequence: number;
  /** The position of the last event stored, exact, as a decimal string (see {@link RecordedEvent.position}). */
  position: string;
  /** True when every event was already stored: a retry. */
  duplicate: boolean;
  /** For each event of the append, in the order given: the sequence it was stored at, or the
   *  sequence of the stored event it repeats (`duplicate`). */
  outcomes: { sequence: number; duplicate: boolean }[];
}

/** A session's index entry. */
export interface SessionSummary {
  sessionId: string;
  sessionKey: string | null;
  agentId: string | null;
  channel: string | null;
  state: "idle" | "awaiting_model" | "ended";
  lastSequence: number;
  messageCount: number;
  openCalls: number;
  lastFailure: FailureKind | null;
  model: string | null;
  /** The provider of the last model call or provider override, whichever came later; null before any. */
  provider: string | null;
  totalTokens: number;
  createdAt: string;
  updatedAt: string;
  endReason: string | null;
}

/** The messages of the next prompt. */
export interface Transcript {
  messages: Array<{
    role: "user" | "assistant" | "tool_result" | "summary" | string;
    sequence: number;
    content: ContentBlock[];
    toolCallId?: string;
    toolName?: string;
    isError?: boolean;
  }>;
}

/** Where a session stands. */
export interface SessionStatus {
  state: "idle" | "awaiting_model" | "ended";
  openCall: string | null;
  awaitingSince: string | null;
  lastFailure: FailureKind | null;
  provider: string | null;
  model: string | null;
  thinkingLevel: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number;
  abortedLastRun: boolean;
  updatedAt: string | null;
}

/** What a user is told about one failed call. */
export interface UserNotice {
  sequence: number;
  callId: string;
  kind: FailureKind;
  text: string;
  at: string;
}

/** A failure as the provider returned it: the server classifies and redacts it. */
export interface ProviderResponse {
  /** The provider, when not the call's. */
  provider?: string;
  /** The HTTP status the provider answered. */
  status?: number;
  /** The response body, as text or as parsed JSON. */
  body?: unknown;
  /** The provider's error code, or a transport error code such as ECONNREFUSED. */
  code?: string;
  /** The provider's retry-after, in milliseconds. */
  retryAfterMillis?: number;
}

/** The server's reading of a failure, and what to tell the user. */
export interface FailureNotice {
  kind: FailureKind;
  /** The text to show the user: never the provider's raw body. */
  notice: string;
  sequence: number;
  retryable: boolean;
  retryAfterMillis: number | null;
  duplicate: boolean;
}
