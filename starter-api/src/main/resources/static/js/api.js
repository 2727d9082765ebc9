// Calls to the API with the bearer token. An error answer becomes an ApiError holding the RFC 9457
// problem document (title, detail, status, and errors for an invalid spec), so that every view
// can show what the server said.
import { token } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

function headers(extra = {}) {
  const all = { Accept: 'application/json', ...extra };
  const t = token();
  if (t) all.Authorization = `Bearer ${t}`;
  return all;
}

async function problemOf(res) {
  const text = await res.text().catch(() => '');
  try {
    const doc = JSON.parse(text);
    if (doc && typeof doc === 'object') return doc;
  } catch {
    // Not JSON: a proxy's or a servlet container's own page.
  }
  return { title: `${res.status} ${res.statusText}`.trim(), detail: text.slice(0, 300) };
}

/**
 * Sends a request and answers {status, body, headers}; throws ApiError for a status of 400 or
 * more. A 401 also tells the page (event "unauthorized") so it can ask for a token again.
 */
export async function send(path, { method = 'GET', body, ifMatch } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  if (ifMatch) extra['If-Match'] = ifMatch;
  let res;
  try {
    res = await fetch(path, { method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'No answer', detail: `the server did not answer (${e.message}); is it running?` });
  }
  if (res.status >= 400) {
    const error = new ApiError(res.status, await problemOf(res));
    if (res.status === 401) window.dispatchEvent(new CustomEvent('unauthorized', { detail: error }));
    throw error;
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export async function get(path) {
  return (await send(path)).body;
}

export async function post(path, body) {
  return (await send(path, { method: 'POST', body })).body;
}

/** A query string of the parameters that are set. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Fetches a file that needs the token (a link could not send it) and saves it under `name`. */
export async function download(path, name) {
  const res = await fetch(path, { headers: headers({ Accept: '*/*' }) });
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The deployment's resource path. */
export function path(id, rest = '') {
  return `/api/deployments/${encodeURIComponent(id)}${rest}`;
}
