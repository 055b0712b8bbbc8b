// The console's calls to the HTTP API. The browser sends the HttpOnly session cookie itself; a
// change also carries X-Sessionlog-Console, which a cross-site page cannot send.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function get(path, parameters = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== "") query.set(name, String(value));
  }
  const url = query.size ? `${path}?${query}` : path;
  return answer(await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }));
}

export async function post(path, body = {}) {
  return answer(await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Sessionlog-Console": "1" },
    body: JSON.stringify(body),
  }));
}

export const sessionPath = (id) => `/v1/sessions/${encodeURIComponent(id)}`;
