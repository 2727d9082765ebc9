// Delete, pinned to the deletion plan the operator saw: the plan is shown (each artifact with its
// stage, action and reason), and the DELETE carries its ETag in If-Match. When the plan changed in
// the meantime (412), the dialog shows what changed and offers the new plan.
import { h, fill, table } from '../dom.js';
import { ApiError, path, query, send } from '../api.js';
import { openDialog } from '../dialog.js';
import { notify } from '../notice.js';
import { refresh } from '../store.js';

const key = (item) => `${item.stage}:${item.kind}:${item.name}`;

function planTable(items, marks = new Map()) {
  return table(['', 'stage', 'kind', 'artifact', 'action', 'reason'], items.map((i) => h('tr', { class: marks.get(key(i)) || '' },
    h('td', { class: 'change', text: { added: '+', changed: '~' }[marks.get(key(i))] || '' }),
    h('td', { 'data-label': 'stage', text: i.stage }), h('td', { 'data-label': 'kind', text: i.kind }),
    h('td', { 'data-label': 'artifact', class: 'mono', text: i.name }), h('td', { 'data-label': 'action', text: i.action }),
    h('td', { 'data-label': 'reason', text: i.reason }))), { class: 'plan' });
}

/** What differs between two plans: items added, removed, or with another action or reason. */
export function planChanges(before, after) {
  const old = new Map(before.map((i) => [key(i), i]));
  const now = new Map(after.map((i) => [key(i), i]));
  const marks = new Map();
  const lines = [];
  for (const [k, i] of now) {
    const was = old.get(k);
    if (!was) {
      marks.set(k, 'added');
      lines.push(`added: ${i.kind} ${i.name} (${i.stage}, ${i.action})`);
    } else if (was.action !== i.action || was.reason !== i.reason) {
      marks.set(k, 'changed');
      lines.push(`changed: ${i.kind} ${i.name}: ${was.action} → ${i.action}${was.reason !== i.reason ? ` (${i.reason})` : ''}`);
    }
  }
  for (const [k, i] of old) {
    if (!now.has(k)) lines.push(`gone: ${i.kind} ${i.name} (${i.stage}, ${i.action})`);
  }
  return { marks, lines };
}

async function readPlan(id) {
  const { body, headers } = await send(path(id, '/deletion-plan'));
  return { plan: body, etag: headers.get('ETag') };
}

export async function deleteDialog(d) {
  let current;
  const planBox = h('div', { class: 'plan-box' }, h('p', { text: 'Reading the deletion plan…' }));
  const changes = h('div', { class: 'plan-changes', role: 'status', hidden: true });
  const grace = h('input', { type: 'text', name: 'grace', placeholder: 'configured', size: 8, pattern: '[0-9]+(ms|s|m)?' });
  const force = h('input', { type: 'checkbox', name: 'force' });
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'optional' });
  force.addEventListener('change', () => { grace.disabled = force.checked; });
  const dialog = openDialog({
    onClose: () => refresh(d.id),
    title: `Delete ${d.name}`,
    label: 'deletion plan',
    wide: true,
    body: [
      h('p', { text: 'A soft delete: the replicas stop and their containers go; data volumes and ports are kept until the purge. It deletes exactly this plan, or nothing.' }),
      changes, planBox,
      h('fieldset', {}, h('legend', { text: 'Options' }),
        h('label', {}, 'SIGTERM grace ', grace, h('small', { text: ' e.g. 30s, 0s to 10m' })),
        h('label', {}, force, ' Force: kill the replicas at once (no grace)'),
        h('label', {}, 'Reason ', reason)),
    ],
    buttons: [{ label: 'Delete with this plan', class: 'danger', dataset: { confirm: 'delete' }, onclick: () => submit() }],
  });
  dialog.busy(true);

  function show(next, previous) {
    current = next;
    const diff = previous ? planChanges(previous.plan.items, next.plan.items) : { marks: new Map(), lines: [] };
    fill(planBox, h('p', { class: 'etag' }, 'Plan ', h('code', { text: next.etag }), ` (${next.plan.items.length} artifacts, status ${next.plan.status})`),
      planTable(next.plan.items, diff.marks));
    if (previous) {
      fill(changes, h('strong', { text: 'The plan changed since you opened it. ' }),
        diff.lines.length ? h('ul', {}, diff.lines.map((l) => h('li', { text: l }))) : h('span', { text: 'Its artifacts read the same; its status or order moved.' }),
        h('span', { text: 'This is the new plan; delete with it, or cancel.' }));
      changes.hidden = false;
    }
    dialog.busy(false);
  }

  async function submit() {
    await dialog.run(async () => {
      try {
        await send(path(d.id, query({ grace: force.checked ? '' : grace.value.trim(), force: force.checked, reason: reason.value.trim() })),
          { method: 'DELETE', ifMatch: current.etag });
      } catch (e) {
        // The plan moved: read the new one and show it with what changed, beside the refusal.
        if (e instanceof ApiError && e.status === 412) show(await readPlan(d.id), current);
        throw e;
      }
      notify(`${d.name}: delete accepted`);
    });
  }

  try {
    show(await readPlan(d.id));
  } catch (e) {
    fill(planBox);
    dialog.error(e);
  }
}
