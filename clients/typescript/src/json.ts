/**
 * Parses a JSON answer of the server, keeping every `position` exact.
 *
 * A store's positions are 64-bit integers that exceed `Number.MAX_SAFE_INTEGER` (the durable store
 * puts the day of the log in their high bits), so `JSON.parse` would round them. The server sends
 * them as JSON numbers; this turns each `"position": <digits>` member into a string of the same
 * digits before parsing. A member inside a JSON string cannot match: its quotes are escaped.
 */
export function parseJson<T>(text: string): T {
  return JSON.parse(text.replace(POSITION_MEMBER, "$1\"$2\"")) as T;
}

const POSITION_MEMBER = /((?<!\\)"position"\s*:\s*)(-?\d+)/g;
