/**
 * A parser of server-sent events (the WHATWG event-stream format) over chunks of text that may split
 * lines and frames anywhere. Lines end in LF, CRLF or CR; `data` lines accumulate; a blank line
 * dispatches; comments and unknown fields are ignored; `retry` sets the reconnection delay.
 */

/** One dispatched event. */
export interface SseFrame {
  /** The last event id seen, this frame's or an earlier one's. */
  id: string | undefined;
  event: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  private lastCharWasCr = false;
  private id: string | undefined;
  private event = "";
  private data: string[] = [];
  private hasData = false;
  /** The reconnection delay the server asked for, in milliseconds. */
  retry: number | undefined;

  /** Feeds text; returns the frames it completed. */
  push(chunk: string): SseFrame[] {
    const frames: SseFrame[] = [];
    let text = chunk;
    if (this.lastCharWasCr && text.startsWith("\n")) {
      text = text.slice(1); // the LF of a CRLF split across chunks
    }
    this.lastCharWasCr = text.endsWith("\r");
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        continue;
      }
      this.line(this.buffer.slice(start, i), frames);
      if (c === 13 && this.buffer.charCodeAt(i + 1) === 10) {
        i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return frames;
  }

  private line(line: string, frames: SseFrame[]): void {
    if (line === "") {
      if (this.hasData) {
        frames.push({ id: this.id, event: this.event || "message", data: this.data.join("\n") });
      }
      this.event = "";
      this.data = [];
      this.hasData = false;
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) {
      value = value.slice(1);
    }
    switch (field) {
      case "data":
        this.data.push(value);
        this.hasData = true;
        break;
      case "event":
        this.event = value;
        break;
      case "id":
        if (!value.includes("\0")) {
          this.id = value;
        }
        break;
      case "retry":
        if (/^\d+$/.test(value)) {
          this.retry = Number(value);
        }
        break;
      default:
        break;
    }
  }
}
