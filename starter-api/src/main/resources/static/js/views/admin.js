// For admins: the reconciler's settings, totals and last runs, a sweep run now (dry run or not)
// with its report, the settings in force, and each host's capacity.
import { h, fill, time, facts, period, table } from '../dom.js';
import { get, post, query } from '../api.js';
import { problemView } from '../dialog.js';

const COUNTS = ['ghosts', 'drift', 'failedExpired', 'orphansRemoved', 'orphanNetworksRemoved', 'adopted', 'namesFreed', 'portsFreed'];

function text(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${x}`).join(', ') || '—';
  return typeof v === 'string' ? period(v) : String(v);
}

function runsTable(runs) {
  return table(['host', 'at', 'dry run', 'ms', 'records', 'containers', ...COUNTS, 'errors'], runs.map((r) => h('tr', {},
    h('td', { text: r.host }), h('td', { text: time(r.startedAt ?? r.at) }), h('td', { text: r.dryRun ? 'yes' : 'no' }),
    h('td', { text: String(r.durationMillis ?? '') }), h('td', { text: String(r.records ?? '') }), h('td', { text: String(r.containers ?? '') }),
    COUNTS.map((c) => h('td', { text: String(r[c] ?? 0) })), h('td', { text: text(r.errors) }))), { class: 'runs' });
}

function actionText(a) {
  const what = a.containerName || a.deploymentId || a.containerId || '';
  return `${a.kind} ${what}${a.detail ? `: ${a.detail}` : ''}`;
}

function report(r) {
  return h('article', { class: 'report' }, h('h4', { text: `${r.host}: ${r.dryRun ? 'dry run, nothing changed' : 'sweep'} in ${r.durationMillis} ms` }),
    facts([['records', String(r.records)], ['containers', String(r.containers)], ...COUNTS.map((c) => [c, String(r[c] ?? 0)]),
      ['errors', text(r.errors)]]),
    (r.actions || []).length ? h('ul', { class: 'actions-done' }, r.actions.map((a) => h('li', { class: 'mono', text: actionText(a) })))
      : h('p', { class: 'empty', text: 'No action.' }));
}

function capacityTable(c) {
  const amount = (a) => (a ? `cpu ${text(a.cpu)}, memory ${text(a.memory)} MiB, storage ${text(a.storage)} GiB` : '—');
  return table(['host', 'capacity', 'used', 'free'], c.hosts.map((x) => h('tr', {},
    h('td', { text: x.host }), h('td', { text: x.capacity && x.capacity.cpu === null && x.capacity.memory === null && x.capacity.storage === null ? 'not limited' : amount(x.capacity) }),
    h('td', { text: amount(x.used) }), h('td', { text: amount(x.free) }))), { class: 'capacity' });
}

async function section(box, title, load, view) {
  try {
    fill(box, h('h3', { text: title }), view(await load()));
  } catch (e) {
    fill(box, h('h3', { text: title }), h('div', { class: 'problem', role: 'alert' }, problemView(e)));
  }
}

export function render(root) {
  const stats = h('section', { class: 'stats' });
  const sweep = h('section', { class: 'sweep' });
  const settings = h('section', { class: 'settings' });
  const capacity = h('section', { class: 'capacity-box' });
  const dryRun = h('input', { type: 'checkbox', name: 'dryRun', checked: true });
  const result = h('div', { class: 'sweep-result', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', dataset: { action: 'sweep' }, onclick: async () => {
    run.disabled = true;
    fill(result, h('p', { text: 'Sweeping…' }));
    try {
      const answer = await post(`/api/system/cleanup/run${query({ dryRun: dryRun.checked ? 'true' : 'false' })}`);
      fill(result, answer.reports.map(report));
      loadStats();
    } catch (e) {
      fill(result, h('div', { class: 'problem', role: 'alert' }, problemView(e)));
    } finally {
      run.disabled = false;
    }
  } }, 'Run a sweep');
  fill(sweep, h('h3', { text: 'Run a sweep now' }), h('div', { class: 'toolbar' }, h('label', {}, dryRun, ' Dry run (report only, change nothing)'), run), result);

  const loadStats = () => section(stats, 'Reconciler', () => get('/api/system/cleanup/stats'), (s) => [
    facts(Object.entries(s.settings).map(([k, v]) => [k, text(v)])),
    h('h4', { text: 'Totals of the last runs' }), facts(Object.entries(s.totals).map(([k, v]) => [k, String(v)])),
    h('h4', { text: 'Last runs' }), h('div', { class: 'scroll' }, runsTable(s.lastRuns))]);
  fill(root, h('h2', { text: 'Admin' }), sweep, stats, capacity, settings);
  loadStats();
  section(capacity, 'Capacity', () => get('/api/system/capacity'), capacityTable);
  section(settings, 'Settings in force', () => get('/api/system/settings'), (s) => facts(Object.entries(s).map(([k, v]) => [k, text(v)])));
  return () => {};
}
