import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJson } from "../dist/index.js";

test("positions beyond 2^53 stay exact, as decimal strings", () => {
  const parsed = parseJson('{"events":[{"position":1463036560197861376,"sequence":5},'
    + '{"position" : 9223372036854775807,"sequence":6}],"nextSequence":7}');
  assert.equal(parsed.events[0].position, "1463036560197861376");
  assert.equal(BigInt(parsed.events[1].position), 9223372036854775807n);
  assert.equal(parsed.events[0].sequence, 5);
  assert.equal(parsed.nextSequence, 7);
});

test("text that looks like a position inside a string is left as it is", () => {
  const text = JSON.stringify({ position: 1, text: '{"position":1463036560197861376}' });
  const parsed = parseJson(text);
  assert.equal(parsed.position, "1");
  assert.equal(parsed.text, '{"position":1463036560197861376}');
});
