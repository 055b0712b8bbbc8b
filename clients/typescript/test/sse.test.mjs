import { test } from "node:test";
import assert from "node:assert/strict";
import { SseParser } from "../dist/index.js";

const stream = "retry: 1000\n\n: heartbeat\n\nid: 1\nevent: session_started\ndata: {\"a\":1}\n\n"
  + "id: 2\r\nevent: user_message_received\r\ndata: line one\r\ndata: line two\r\n\r\n"
  + "data: no id or name\rdata:tight\r\r";

test("frames are the same however the text is split into chunks", () => {
  const whole = new SseParser().push(stream);
  assert.deepEqual(whole, [
    { id: "1", event: "session_started", data: "{\"a\":1}" },
    { id: "2", event: "user_message_received", data: "line one\nline two" },
    { id: "2", event: "message", data: "no id or name\ntight" },
  ]);
  for (let size = 1; size <= 7; size++) {
    const parser = new SseParser();
    const frames = [];
    for (let i = 0; i < stream.length; i += size) {
      frames.push(...parser.push(stream.slice(i, i + size)));
    }
    assert.deepEqual(frames, whole, `chunks of ${size}`);
    assert.equal(parser.retry, 1000);
  }
});

test("comments, unknown fields and an unfinished frame dispatch nothing", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push(": just a comment\nfoo: bar\nid: 9\n\ndata: half"), []);
  assert.deepEqual(parser.push("\n\n"), [{ id: "9", event: "message", data: "half" }]);
});
