// What the page knows of the deployments: one map of id to the API's view, loaded once and then
// kept current by the event stream (each event refreshes its deployment's row with a GET).
// Views subscribe and hear which deployment changed (null: all of them).
import { ApiError, get, path } from './api.js';
import { follow } from './sse.js';
import { token } from './auth.js';

const deployments = new Map();
const listeners = new Set();
const eventListeners = new Set();
const refreshing = new Map();
let stream = null;

export function all() {
  return [...deployments.values()];
}

export function find(id) {
  return deployments.get(id);
}

/** Calls fn(changedId) after each change; answers the unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Calls fn(event) for each event of the stream (name, id, data parsed); answers the unsubscribe. */
export function onEvent(fn) {
  eventListeners.add(fn);
  return () => eventListeners.delete(fn);
}

function changed(id) {
  listeners.forEach((fn) => fn(id));
}

export async function loadAll() {
  const list = await get('/api/deployments?limit=1000');
  deployments.clear();
  list.forEach((d) => deployments.set(d.id, d));
  changed(null);
}

/** Puts a view the page read itself (the detail view's GET, an action's answer). */
export function put(view) {
  deployments.set(view.id, view);
  changed(view.id);
}

/**
 * Reads one deployment again. Events come in bursts (a phase a second); a refresh asked while
 * one is under way runs once more after it, never twice at a time.
 */
export function refresh(id) {
  const running = refreshing.get(id);
  if (running) {
    running.again = true;
    return running.promise;
  }
  const entry = { again: false };
  entry.promise = (async () => {
    try {
      do {
        entry.again = false;
        try {
          put(await get(path(id)));
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) {
            deployments.delete(id);
            changed(id);
          } else {
            throw e;
          }
        }
      } while (entry.again);
    } finally {
      refreshing.delete(id);
    }
  })();
  refreshing.set(id, entry);
  return entry.promise.catch(() => {});
}

/**
 * Follows /api/events (the caller's deployments; an admin's: all). The stream starts before the
 * list is read, so that nothing that happens in between is missed; a reconnect reads the whole
 * list again, as events may have been missed while the connection was down for long.
 */
export function connect(onState) {
  disconnect();
  let opened = 0;
  stream = follow('/api/events', {
    headers: () => ({ Authorization: `Bearer ${token()}` }),
    onState: (state, detail) => {
      if (state === 'open' && opened++ > 0) loadAll().catch(() => {});
      onState(state, detail);
    },
    onEvent: (e) => {
      let data = null;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const event = { id: e.id, name: e.event, data };
      if (data.deploymentId) refresh(data.deploymentId);
      eventListeners.forEach((fn) => fn(event));
    },
  });
}

export function disconnect() {
  stream?.close();
  stream = null;
  deployments.clear();
}
