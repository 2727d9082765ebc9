// The bearer token: typed into the login form or brought by a login link (/#token=<jwt>), kept
// in sessionStorage (this tab only, gone when it closes). The claims are read for the page's own
// use (whose name to show, whether to offer the admin's views); the server checks the token.
const KEY = 'decommission.token';

/** A login link's token is stored and removed from the address bar (and from the history). */
export function takeTokenFromLink() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  setToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search + '#/');
  return true;
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** The token's payload, or null when it is not a JWT. */
export function claims() {
  const value = token();
  const part = value && value.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

export function user() {
  return claims()?.sub ?? '';
}

/** Whether the token's roles claim (a list, or a string of names) holds admin. */
export function isAdmin() {
  const roles = claims()?.roles;
  const list = Array.isArray(roles) ? roles : typeof roles === 'string' ? roles.split(/[ ,]+/) : [];
  return list.includes('admin');
}
