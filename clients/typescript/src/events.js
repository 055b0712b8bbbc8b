/**
 * The event model of sessionlog as the HTTP API carries it: the event codec's wire format,
 * `{"type": <wire name>, "v": <schema version>, "data": {…}}`, with camelCase fields, lower-case
 * enum names, ISO-8601 instants and durations in whole milliseconds.
 */
export {};
