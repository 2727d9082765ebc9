// Every deployment of the caller (an admin's: everyone's, with the owner), filtered by name and
// status, the deleted ones behind a toggle. Rows change in place as events arrive.
import { h, fill, keepingFocus, time, table } from '../dom.js';
import { isAdmin } from '../auth.js';
import { actionButtons } from '../actions.js';
import { all, find, subscribe } from '../store.js';
import { nameCell, portsText, replicasText, statusCell } from './cells.js';

const DELETED = ['DELETED', 'PURGING', 'PURGED'];
const STATUSES = ['CREATING', 'RUNNING', 'STOPPED', 'FAILED', 'CANCELLED', 'MISSING', 'DELETING', 'DELETED', 'PURGING', 'PURGED'];
const filters = { name: '', status: '', showDeleted: false };

function visible(d) {
  if (filters.name && !d.name.toLowerCase().includes(filters.name.toLowerCase())) return false;
  if (filters.status) return d.status === filters.status;
  return filters.showDeleted || !DELETED.includes(d.status);
}

function row(d, admin) {
  return h('tr', { dataset: { id: d.id, name: d.name, status: d.status } },
    nameCell(d, admin), statusCell(d),
    h('td', { 'data-label': 'replicas', text: replicasText(d) }),
    h('td', { 'data-label': 'host ports', class: 'mono', text: portsText(d) }),
    h('td', { 'data-label': 'host', text: d.host }),
    h('td', { 'data-label': 'revision', text: String(d.revision) }),
    h('td', { 'data-label': 'created', text: time(d.createdAt) }),
    h('td', { 'data-label': 'deleted', text: d.deletedAt ? time(d.deletedAt) : '—' }),
    h('td', { 'data-label': 'actions' }, actionButtons(d)));
}

/** Replaces a row, keeping the focus on the same button if it was in the row. */
export function replaceRow(old, next) {
  keepingFocus(old, () => old.replaceWith(next), () => next.querySelector('[data-focus-key]') || next.querySelector('a'));
}

export function render(root) {
  const admin = isAdmin();
  const name = h('input', { type: 'search', name: 'name', placeholder: 'filter by name', value: filters.name, 'aria-label': 'filter by name' });
  const status = h('select', { name: 'status', 'aria-label': 'filter by status' }, h('option', { value: '', text: 'every status' }),
    STATUSES.map((s) => h('option', { value: s, text: s, selected: filters.status === s })));
  const showDeleted = h('input', { type: 'checkbox', name: 'show-deleted', checked: filters.showDeleted });
  const count = h('span', { class: 'count', role: 'status' });
  const list = table(['name', 'status', 'replicas', 'host ports', 'host', 'rev', 'created', 'deleted', 'actions'], [],
    { class: 'deployments', 'aria-label': 'deployments' });
  const body = list.querySelector('tbody');
  const empty = h('p', { class: 'empty', hidden: true });

  function renderAll() {
    const rows = all().filter(visible);
    fill(body, rows.map((d) => row(d, admin)));
    const hidden = all().filter((d) => DELETED.includes(d.status) && !filters.showDeleted && !filters.status).length;
    count.textContent = `${rows.length} shown${hidden ? `, ${hidden} deleted hidden` : ''}`;
    empty.hidden = rows.length > 0;
    empty.textContent = all().length ? 'No deployment matches the filters.' : 'No deployments yet. Create one with POST /api/deployments (see the API explorer).';
  }

  function update(id) {
    if (id === null) return renderAll();
    const d = find(id);
    const old = body.querySelector(`tr[data-id="${id}"]`);
    if (old && d && visible(d)) replaceRow(old, row(d, admin));
    else if (old || (d && visible(d))) renderAll();
    return undefined;
  }

  name.addEventListener('input', () => { filters.name = name.value; renderAll(); });
  status.addEventListener('change', () => { filters.status = status.value; renderAll(); });
  showDeleted.addEventListener('change', () => { filters.showDeleted = showDeleted.checked; renderAll(); });
  fill(root, h('h2', { text: admin ? 'Deployments (every owner)' : 'Your deployments' }),
    h('div', { class: 'toolbar' }, name, status, h('label', {}, showDeleted, ' Show deleted'), count),
    h('div', { class: 'scroll' }, list), empty);
  renderAll();
  return subscribe(update);
}
