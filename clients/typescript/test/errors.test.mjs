import { test } from "node:test";
import assert from "node:assert/strict";
import { SessionlogError, StoreBusyError, StoreUnavailableError, errorOf } from "../dist/index.js";

const problem = (name, fields = {}) => ({
  type: `https://sessionlog.dev/problems/${name}`, title: "t", status: 503, detail: "d", ...fields,
});

test("store-unavailable says whether to retry, and when", () => {
  const retry = errorOf(problem("store-unavailable", { retryable: true }), "2");
  assert.ok(retry instanceof StoreUnavailableError);
  assert.equal(retry.retryable, true);
  assert.equal(retry.retryAfterSeconds, 2);
  const noHeader = errorOf(problem("store-unavailable", { retryable: true }), null);
  assert.equal(noHeader.retryAfterSeconds, 1);
  const stopped = errorOf(problem("store-unavailable", { retryable: false }), null);
  assert.ok(stopped instanceof StoreUnavailableError);
  assert.equal(stopped.retryable, false);
  assert.equal(stopped.retryAfterSeconds, undefined);
  const older = errorOf(problem("store-unavailable"), null); // a server before the field
  assert.equal(older.retryable, false);
});

test("hostile retryable fields and headers do not make a retry", () => {
  const weird = errorOf(problem("store-unavailable", { retryable: "yes" }), "soon");
  assert.equal(weird.retryable, false);
  assert.equal(weird.retryAfterSeconds, undefined);
  const busy = errorOf(problem("store-busy"), "soon");
  assert.ok(busy instanceof StoreBusyError);
  assert.equal(busy.retryAfterSeconds, 1);
  const unknown = errorOf(problem("from-the-future"), null);
  assert.ok(unknown instanceof SessionlogError && !(unknown instanceof StoreUnavailableError));
});
