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
 * data-focus-key if it had the focus before (a live update must not throw a keyboard user out);
 * when that element is gone (the action is no longer legal), on what fallback() answers.
 */
export function keepingFocus(container, render, fallback = () => null) {
  const had = container.contains(document.activeElement);
  const focused = had ? document.activeElement.dataset?.focusKey : null;
  const result = render();
  if (had) (focused && document.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`) || fallback())?.focus();
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

/**
 * How long until (or since) a moment, in its two largest units ("3 h 2 min", "42 s"); precise:
 * every unit down to the second ("23 h 59 min 58 s"), for a countdown.
 */
export function duration(ms, precise = false) {
  let s = Math.max(0, Math.round(ms / 1000));
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]]) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n || (unit === 's' && !parts.length)) parts.push(`${n} ${unit}`);
    else if (parts.length && precise) parts.push(`0 ${unit}`);
  }
  return precise ? parts.join(' ') : parts.slice(0, 2).join(' ');
}

/** An ISO-8601 period as the API writes durations (PT720H, PT1M30S) in words; other text as it is. */
export function period(text) {
  const m = /^PT?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(String(text));
  if (!m || text === 'PT' || text === 'P') return String(text);
  const [, d = 0, hours = 0, min = 0, sec = 0] = m.map((x) => (x === undefined ? undefined : Number(x)));
  const ms = (((Number(d) * 24 + Number(hours)) * 60 + Number(min)) * 60 + Number(sec)) * 1000;
  return ms === 0 ? '0 s' : duration(ms);
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
  el.textContent = left > 0 ? `purge in ${duration(left, true)}` : 'purge due now';
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
