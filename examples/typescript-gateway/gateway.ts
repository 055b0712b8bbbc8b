// A gateway in a few dozen lines: a user writes, the model answers, then the provider fails with a
// quota 429, and the user gets the notice. Run it against `sessionlog serve` (see the README):
//   node examples/typescript-gateway/gateway.js http://127.0.0.1:7370 "$(cat STORE/http-token)" [session]
import { SessionlogClient, type ProviderResponse } from "../../clients/typescript/dist/index.js";

declare const process: { argv: string[]; exitCode?: number };

/** A stand-in for a model provider: it answers once, then its quota is used up. */
let calls = 0;
async function provider(prompt: string): Promise<{ text: string } | ProviderResponse> {
  calls++;
  if (calls === 1) {
    return { text: `You asked: "${prompt}". Your calendar is empty today.` };
  }
  return { status: 429, body: { error: { type: "insufficient_quota", message: "You exceeded your current quota." } } };
}

async function handle(chat: ReturnType<SessionlogClient["session"]>, messageId: string, text: string) {
  await chat.receiveUserMessage(messageId, text);
  console.log(`user: ${text}`);
  const call = await chat.startModelCall({ provider: "openai", model: "gpt-5", deadlineMillis: 60_000 });
  const answer = await provider(text); // nothing is held while the provider works
  if ("text" in answer) {
    await call.complete({ text: answer.text, usage: { inputTokens: 12, outputTokens: 9 } });
    console.log(`assistant: ${answer.text}`);
  } else {
    const { notice } = await call.fail(answer); // classified and redacted by the server
    console.log(`notice: ${notice}`);
  }
}

const [baseUrl = "http://127.0.0.1:7370", token = "", sessionId = `example-${Date.now()}`] = process.argv.slice(2);
const chat = new SessionlogClient({ baseUrl, token }).session(sessionId);
await handle(chat, "msg-1", "What's on my calendar today?");
await handle(chat, "msg-2", "And tomorrow?");
await chat.receiveUserMessage("msg-3", "Hello?"); // stored at once: nothing was ever locked
const transcript = await chat.transcript();
console.log(`transcript: ${transcript.messages.length} messages for the next prompt`);
