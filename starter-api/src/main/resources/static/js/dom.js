// Building elements without markup strings (nothing the API says is ever parsed as HTML), and
// the formats the views share.

/**
 * h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child, …). Attributes named
 * on… are listeners; `text` sets the text; null, false and undefined children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Runs a re-render of `container`, and puts the focus back on the element with the same
 * data-focus-key if it had the focus before (a live update must not throw a keyboard user out).
 */
export function keepingFocus(container, render) {
  const focused = container.contains(document.activeElement) ? document.activeElement.dataset?.focusKey : null;
  const result = render();
  if (focused) document.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  return result;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3 h 2 min", "42 s": how long until (or since) a moment. */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A `<time>` whose text counts down to `iso`, kept current by tickCountdowns(). */
export function countdown(iso) {
  const el = h('time', { datetime: iso, class: 'countdown', dataset: { until: iso } });
  tick(el, Date.now());
  return el;
}

function tick(el, now) {
  const left = Date.parse(el.dataset.until) - now;
  el.textContent = left > 0 ? `purge in ${duration(left)}` : 'purge due now';
}

export function tickCountdowns() {
  const now = Date.now();
  document.querySelectorAll('time.countdown').forEach((el) => tick(el, now));
}

/** A definition list of [term, description] pairs, skipping those without a description. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]));
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows));
}
