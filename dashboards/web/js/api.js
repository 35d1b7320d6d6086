// The dashboard's API client: same-origin fetch with the session cookie, JSON in and out, errors as values
// the views can show, and one place that turns a 401 into "back to login with a message".

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

let onUnauthorized = () => {};
// Cookie-authenticated writes must echo the CSRF value the API hands out at sign-in and on /auth/me.
let csrf = null;

export function setCsrf(value) {
  csrf = typeof value === "string" && value ? value : null;
}

/** The app registers what a 401 means (clear state, go to login, say why). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

const BASE = "/api/v1";

/** Query string from an object, skipping empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) { if (v.length) u.set(k, v.join(",")); } else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}

/**
 * Calls the API. Resolves to the parsed JSON body (or null for 204); rejects with ApiError carrying the
 * server's message so the view can show what failed.
 */
export async function api(path, { method = "GET", body, params, signal, quiet401 = false } = {}) {
  let res;
  try {
    res = await fetch(BASE + path + qs(params), {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(csrf && method !== "GET" && method !== "HEAD" ? { "x-geiger-csrf": csrf } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, "Cannot reach the Geiger API — is `geiger start` still running?", path);
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const msg = (data && (data.message || data.error?.message || (typeof data.error === "string" && data.error))) || `${res.status} ${res.statusText}`;
    if (res.status === 401 && !quiet401) onUnauthorized(String(msg));
    throw new ApiError(res.status, String(msg), path);
  }
  return data;
}

export const getMe = () => api("/auth/me", { quiet401: true });
export const login = (token) => api("/auth/session", { method: "POST", body: { token }, quiet401: true });
export const logout = () => api("/auth/logout", { method: "POST", quiet401: true }).catch(() => null);
export const listAlerts = (params, signal) => api("/alerts", { params, signal });
export const getAlert = (id, signal) => api(`/alerts/${encodeURIComponent(id)}`, { signal });
export const patchAlert = (id, body) => api(`/alerts/${encodeURIComponent(id)}`, { method: "PATCH", body });
export const createSuppression = (body) => api("/suppressions", { method: "POST", body });
export const searchEvents = (params, signal) => api("/events", { params, signal });
export const getEvent = (id, signal) => api(`/events/${encodeURIComponent(id)}`, { signal });
export const getTimeline = (id, params, signal) => api(`/sessions/${encodeURIComponent(id)}/timeline`, { params, signal });
export const getStats = (params, signal) => api("/stats", { params, signal });
