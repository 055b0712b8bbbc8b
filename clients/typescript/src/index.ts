/**
 * A zero-dependency client of the sessionlog HTTP API (`sessionlog serve`) for Node 20+: typed
 * events and errors, the gateway facade, reads, and tails that resume after a dropped connection.
 */
export * from "./client.js";
export * from "./errors.js";
export * from "./events.js";
export { parseJson } from "./json.js";
export { SseParser, type SseFrame } from "./sse.js";
