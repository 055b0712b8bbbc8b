// DOM helpers. Every piece of data reaches the page as a text node or an attribute value, never
// as markup: a session title such as <img src=x onerror=…> is shown as the characters it is.

/** An element: h('a', {href: '#/x'}, 'text', child, …); null and false children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `element` holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** An instant in the viewer's time zone; the exact UTC instant on hover and for machines. */
export function time(iso) {
  if (!iso) return h("span", {}, "—");
  const date = new Date(iso);
  return h("time", { datetime: iso, title: `${iso} (UTC)` }, local.format(date));
}

/** A duration in words: 1 h 2 min, 42 s. */
export function duration(millis) {
  const negative = millis < 0;
  let s = Math.round(Math.abs(millis) / 1000);
  const parts = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["min", 60]]) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  if (s || parts.length === 0) parts.push(`${s} s`);
  return (negative ? "-" : "") + parts.join(" ");
}

/** A definition list from [term, value] pairs. */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value ?? "—")]));
}

/** A status word with a symbol, so state never rests on colour alone. */
export function badge(kind, text) {
  const symbols = { failed: "✖", open: "⏳", ok: "✔", ended: "■", idle: "●", warning: "⚠" };
  return h("span", { class: `badge ${kind}` }, h("span", { "aria-hidden": "true" }, symbols[kind] ?? "•"), " ", text);
}
