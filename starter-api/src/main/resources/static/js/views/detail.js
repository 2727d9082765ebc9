// One deployment: what it is and holds, its actions, its history (the audit trail), its live
// events, and after a purge the receipt (failures first) and the snapshots to download.
import { h, fill, keepingFocus, time, bytes, countdown, facts, period, table } from '../dom.js';
import { ApiError, download, get, path } from '../api.js';
import { actionButtons } from '../actions.js';
import { badge, phaseOf } from '../badge.js';
import { find, onEvent, put, subscribe } from '../store.js';
import { problemView } from '../dialog.js';
import { portsText, replicasText } from './cells.js';

const OUTCOME_ORDER = ['FAILED', 'RETAINED_BY_POLICY', 'SNAPSHOTTED', 'REMOVED', 'ALREADY_GONE'];

function progress(d) {
  const p = d.pullProgress;
  if (!p) return null;
  return h('div', { class: 'progress-block' },
    h('label', {}, `Pulling ${p.image}: ${p.layersDone}/${p.layers} layers, ${bytes(p.bytes)} of ${bytes(p.totalBytes)} `,
      h('progress', { max: 100, value: p.percent, 'aria-valuetext': `${p.percent}%` }), ` ${p.percent}%`));
}

function summary(d) {
  return [
    h('div', { class: 'title-line' }, h('h2', { text: d.name }), badge(d.status),
      phaseOf(d) ? h('span', { class: 'phase', text: phaseOf(d) }) : null),
    progress(d),
    actionButtons(d),
    d.lastError ? h('p', { class: 'last-error', role: 'note' }, h('strong', { text: 'Last error: ' }), d.lastError) : null,
    facts([
      ['id', h('code', { text: d.id })], ['owner', d.owner], ['host', d.host], ['revision', String(d.revision)],
      ['image', d.spec?.image], ['replicas', replicasText(d)], ['host ports', portsText(d)],
      ['deletion protection', d.deletionProtection ? 'on' : 'off'],
      ['data on the host', d.status === 'MISSING' && d.dataExists != null ? (d.dataExists ? 'yes' : 'no') : null],
      ['reserved', d.reserved ? `cpu ${d.reserved.cpuMillis / 1000}, memory ${d.reserved.memoryMib} MiB, storage ${d.reserved.storageGib} GiB` : null],
      ['created', time(d.createdAt)], ['updated', time(d.updatedAt)],
      ['deleted', d.deletedAt ? time(d.deletedAt) : null],
      ['purge', d.purgeAfter && d.status === 'DELETED' ? [countdown(d.purgeAfter), ` (${time(d.purgeAfter)})`] : null],
      ['purged', d.purgedAt ? time(d.purgedAt) : null],
      ['workflow', d.temporalUiUrl ? h('a', { href: d.temporalUiUrl, target: '_blank', rel: 'noopener', text: 'open in the Temporal UI' }) : null],
    ]),
  ];
}

function parts(d) {
  return [
    h('h3', { text: 'Replicas' }),
    (d.replicas || []).length ? table(['#', 'revision', 'container', 'state'], d.replicas.map((r) => h('tr', {},
      h('td', { text: String(r.index) }), h('td', { text: String(r.revision) }), h('td', { class: 'mono', text: r.containerName }),
      h('td', { text: r.state })))) : h('p', { class: 'empty', text: 'No replicas.' }),
    (d.volumes || []).length ? [h('h3', { text: 'Volumes' }), table(['name', 'Docker volume', 'scope', 'mounted at'], d.volumes.map((v) => h('tr', {},
      h('td', { text: v.name }), h('td', { class: 'mono', text: v.dockerName }), h('td', { text: v.scope }), h('td', { class: 'mono', text: v.mountPath }))))] : null,
    h('details', {}, h('summary', { text: 'Spec' }), h('pre', { class: 'mono', text: JSON.stringify(d.spec, null, 2) })),
  ];
}

function history(d) {
  const rows = [...(d.history || [])].reverse();
  return [h('h3', { text: 'History' }), rows.length ? table(['at', 'change', 'phase', 'actor', 'reason'], rows.map((e) => h('tr', {},
    h('td', { text: time(e.at) }),
    h('td', { text: e.oldStatus && e.oldStatus !== e.newStatus ? `${e.oldStatus} → ${e.newStatus}` : String(e.newStatus) }),
    h('td', { text: e.phase || '' }), h('td', { text: e.actor || '' }), h('td', { text: e.reason || '' })
  )), { class: 'history' }) : h('p', { class: 'empty', text: 'No history read yet.' })];
}

export function receiptView(receipt) {
  const items = [...receipt.items].sort((a, b) => OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome));
  const failed = items.filter((i) => i.outcome === 'FAILED').length;
  return [h('h3', { text: 'Receipt' }),
    h('p', { class: failed ? 'warning' : '', text: `${items.length} artifacts, ${failed} failed; purge ${time(receipt.startedAt)} to ${time(receipt.completedAt)}` }),
    table(['outcome', 'kind', 'artifact', 'detail', 'at'], items.map((i) => h('tr', { class: `outcome-${i.outcome.toLowerCase()}` },
      h('td', { 'data-label': 'outcome' }, h('span', { class: `outcome ${i.outcome.toLowerCase()}`, text: i.outcome })),
      h('td', { 'data-label': 'kind', text: i.kind }), h('td', { 'data-label': 'artifact', class: 'mono', text: i.name }),
      h('td', { 'data-label': 'detail', text: i.detail || '' }), h('td', { 'data-label': 'at', text: time(i.at) }))), { class: 'receipt' })];
}

function snapshotsView(listing, onError) {
  if (!listing.snapshots.length) return null;
  return [h('h3', { text: 'Snapshots' }), h('p', { class: 'hint', text: `Kept for ${period(listing.retention)}.` }),
    table(['volume', 'size', 'written', 'expires', ''], listing.snapshots.map((s) => h('tr', {},
      h('td', { class: 'mono', text: s.volume }), h('td', { text: bytes(s.bytes) }), h('td', { text: time(s.createdAt) }),
      h('td', { text: time(s.expiresAt) }),
      h('td', {}, h('button', { type: 'button', dataset: { download: s.volume }, onclick: () => download(s.download, `${s.volume}.tar.gz`).catch(onError) }, 'Download'))
    )))];
}

function eventLine(e) {
  const d = e.data;
  const what = d.kind === 'PROGRESS' && d.progress ? `${d.progress.percent}%` : d.oldStatus !== d.newStatus ? `${d.oldStatus ?? '—'} → ${d.newStatus}` : d.newStatus;
  return h('li', {}, h('time', { text: time(d.at) }), ' ', h('code', { text: e.name }), ` ${what}${d.phase ? ` · ${d.phase}` : ''}${d.reason ? ` · ${d.reason}` : ''}`);
}

export function render(root, id) {
  const head = h('section', { class: 'summary', 'aria-live': 'polite' });
  const body = h('section', { class: 'parts' });
  const receiptBox = h('section', { class: 'receipt-box' });
  const snapshotsBox = h('section', { class: 'snapshots-box' });
  const historyBox = h('section', { class: 'history-box' });
  const live = h('ol', { class: 'events', reversed: true });
  const errorBox = h('div', { class: 'problem', role: 'alert', hidden: true });
  let lastStatus = null;
  const showError = (e) => { fill(errorBox, problemView(e)); errorBox.hidden = false; };

  /** Reads a part that may not exist (404: nothing to show) into its box. */
  async function readInto(box, rest, view) {
    try {
      fill(box, view(await get(path(id, rest))));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) showError(e);
    }
  }

  function readAfterPurge() {
    readInto(receiptBox, '/receipt', receiptView);
    readInto(snapshotsBox, '/snapshots', (listing) => snapshotsView(listing, showError));
  }

  function update(changed) {
    if (changed !== null && changed !== id) return;
    const d = find(id);
    if (!d) return;
    keepingFocus(head, () => fill(head, summary(d)), () => head.querySelector('[data-focus-key]'));
    fill(body, parts(d));
    if (d.history) fill(historyBox, history(d));
    // The receipt and the snapshots exist once the purge is done.
    if (d.status === 'PURGED' && lastStatus !== 'PURGED') readAfterPurge();
    lastStatus = d.status;
  }

  fill(root, h('p', {}, h('a', { href: '#/', text: '← all deployments' })), errorBox, head,
    receiptBox, h('h3', { text: 'Live events' }), live, historyBox, body, snapshotsBox);
  const unsubscribe = subscribe(update);
  const unfollow = onEvent((e) => {
    if (e.data.deploymentId !== id) return;
    live.prepend(eventLine(e));
    while (live.children.length > 100) live.lastChild.remove();
  });
  update(id);
  get(path(id)).then(put).catch(showError);
  return () => { unsubscribe(); unfollow(); };
}
