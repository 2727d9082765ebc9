// The trash bin: deleted deployments waiting for their purge, with the time left, restore and
// purge-now. Those being purged stay until they are done.
import { h, fill, time, countdown, table } from '../dom.js';
import { isAdmin } from '../auth.js';
import { actionButtons } from '../actions.js';
import { all, find, subscribe } from '../store.js';
import { nameCell, portsText, statusCell } from './cells.js';
import { replaceRow } from './deployments.js';

const inTrash = (d) => d.status === 'DELETED' || d.status === 'PURGING';

function row(d, admin) {
  return h('tr', { dataset: { id: d.id, name: d.name, status: d.status } },
    nameCell(d, admin), statusCell(d),
    h('td', { 'data-label': 'deleted', text: time(d.deletedAt) }),
    h('td', { 'data-label': 'purge', class: 'purge-time' }, d.purgeAfter ? countdown(d.purgeAfter) : '—',
      d.purgeAfter ? h('div', { class: 'small', text: time(d.purgeAfter) }) : null),
    h('td', { 'data-label': 'kept ports', class: 'mono', text: portsText(d) }),
    h('td', { 'data-label': 'actions' }, actionButtons(d)));
}

export function render(root) {
  const admin = isAdmin();
  const list = table(['name', 'status', 'deleted', 'purge', 'kept ports', 'actions'], [], { class: 'trash', 'aria-label': 'trash bin' });
  const body = list.querySelector('tbody');
  const empty = h('p', { class: 'empty', text: 'The trash bin is empty.' });

  function renderAll() {
    const rows = all().filter(inTrash).sort((a, b) => String(a.purgeAfter).localeCompare(String(b.purgeAfter)));
    fill(body, rows.map((d) => row(d, admin)));
    empty.hidden = rows.length > 0;
  }

  function update(id) {
    const old = id && body.querySelector(`tr[data-id="${id}"]`);
    const d = id && find(id);
    if (old && d && inTrash(d)) replaceRow(old, row(d, admin));
    else renderAll();
  }

  fill(root, h('h2', { text: 'Trash bin' }),
    h('p', { class: 'hint', text: 'Deleted deployments keep their data volumes and ports until their purge time; restore brings one back (MISSING, then start it).' }),
    h('div', { class: 'scroll' }, list), empty);
  renderAll();
  return subscribe(update);
}
