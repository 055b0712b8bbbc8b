// The sessionlog console: a router over the URL fragment (#/sessions, #/session/ID, #/health),
// each page drawn with DOM calls from the JSON API. No framework, no build step (see the ADR).
import { ApiError, get, post } from "./api.js";
import { h, fill } from "./dom.js";
import { sessionsPage } from "./sessions.js";
import { sessionPage } from "./session.js";
import { healthPage } from "./health.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
let access = null;
let leave = () => {};

/** The fragment as a page name, its path parts and its parameters. */
function route() {
  const fragment = location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = fragment.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? "sessions", parts, params: new URLSearchParams(search) };
}

async function signInWithCode(code) {
  history.replaceState(null, "", "#/sessions"); // the code leaves the address bar and the history at once
  try {
    access = await post("/v1/console/sign-in", { code });
  } catch (error) {
    showSignIn(error instanceof ApiError ? error.message : String(error));
    return false;
  }
  return true;
}

function showSignIn(message) {
  leave();
  leave = () => {};
  access = null;
  nav.hidden = true;
  document.title = "Sign in · sessionlog";
  const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "current-password",
    required: true, "aria-describedby": "token-help" });
  const status = h("p", { role: "alert", class: "error" }, message ?? "");
  const form = h("form", { class: "sign-in", onsubmit: async (event) => {
    event.preventDefault();
    try {
      access = await post("/v1/console/sign-in", { token: input.value });
      input.value = "";
      show();
    } catch (error) {
      fill(status, error instanceof ApiError ? error.message : String(error));
    }
  } },
  h("label", { for: "token" }, "Token"), input,
  h("p", { id: "token-help", class: "help" }, "Open the link that 'sessionlog serve' or 'sessionlog console' printed, "
    + "or paste the token (the file http-token in the store directory). The token stays in this browser's "
    + "session cookie, never in an address."),
  h("button", { type: "submit" }, "Sign in"));
  fill(main, h("h1", {}, "Sign in"), status, form);
  input.focus();
}

async function show() {
  const { page, parts, params } = route();
  if (page.startsWith("sign-in=")) {
    if (!(await signInWithCode(page.slice("sign-in=".length)))) return;
    return show();
  }
  if (!access) {
    try {
      access = await get("/v1/console/session");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return showSignIn();
      fill(main, h("p", { role: "alert", class: "error" }, `The server cannot be reached: ${error.message}`));
      return;
    }
  }
  nav.hidden = false;
  fill(document.getElementById("access"), access.readOnly ? "read-only store"
    : access.access === "write" ? "signed in: may change" : "signed in: read access");
  for (const link of nav.querySelectorAll("a")) {
    link.toggleAttribute("aria-current", link.getAttribute("href") === `#/${page}`);
    if (link.hasAttribute("aria-current")) link.setAttribute("aria-current", "page");
  }
  leave();
  leave = () => {};
  const context = { main, access, params, signedOut: () => showSignIn("Your sign-in ended; sign in again.") };
  try {
    if (page === "session" && parts[1]) leave = await sessionPage(context, parts[1]);
    else if (page === "health") leave = await healthPage(context);
    else leave = await sessionsPage(context);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return context.signedOut();
    fill(main, h("h1", {}, "Something went wrong"), h("p", { role: "alert", class: "error" }, error.message));
  }
  main.focus({ preventScroll: true });
}

document.getElementById("sign-out").addEventListener("click", async () => {
  try {
    await post("/v1/console/sign-out");
  } finally {
    showSignIn("Signed out.");
  }
});
window.addEventListener("hashchange", show);
show();
