// Purge now: asks for the deployment's name, typed, before it removes anything. Data volumes go
// unless "keep data volumes" is ticked (keepData). An admin may force it: the remaining steps are
// tried twice and what still cannot be removed is left behind, receipted FAILED.
import { h } from '../dom.js';
import { path, post, query } from '../api.js';
import { isAdmin } from '../auth.js';
import { openDialog } from '../dialog.js';
import { notify } from '../notice.js';
import { refresh } from '../store.js';

export function purgeDialog(d, { forced = false } = {}) {
  const typed = h('input', { type: 'text', name: 'confirm-name', autocomplete: 'off', spellcheck: false, 'aria-describedby': 'purge-why' });
  const keepData = h('input', { type: 'checkbox', name: 'keepData' });
  const force = h('input', { type: 'checkbox', name: 'force', checked: forced, disabled: forced });
  const warning = h('p', { class: 'warning', role: 'note', hidden: !forced,
    text: 'A forced purge does not wait for a delete or purge under way: each remaining step is tried twice, and whatever still '
      + 'cannot be removed is left behind on the host and receipted FAILED. Use it for a delete that is stuck.' });
  force.addEventListener('change', () => { warning.hidden = !force.checked; });
  const dialog = openDialog({
    onClose: () => refresh(d.id),
    title: `${forced ? 'Force purge' : 'Purge'} ${d.name}`,
    body: [
      h('p', { id: 'purge-why', text: `This removes ${d.name} for good: its data volumes (unless kept), its image if no one else uses it, `
        + 'its work dir and route; its ports are released and a receipt is written. It cannot be undone.' }),
      h('label', {}, 'Type ', h('code', { text: d.name }), ' to confirm ', typed),
      h('label', {}, keepData, ' Keep data volumes (they are left on the host and released)'),
      isAdmin() ? h('label', {}, force, ' Force (admin)') : null,
      warning,
    ],
    buttons: [{ label: 'Purge now', class: 'danger', dataset: { confirm: 'purge' }, onclick: () => submit() }],
  });
  const [confirm] = dialog.buttons;
  const check = () => { confirm.disabled = typed.value !== d.name; };
  typed.addEventListener('input', check);
  typed.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !confirm.disabled) submit(); });
  check();

  async function submit() {
    await dialog.run(async () => {
      await post(path(d.id, `/purge${query({ keepData: keepData.checked, force: force.checked })}`));
      notify(`${d.name}: purge accepted; its receipt follows on its page`);
      location.hash = `#/d/${d.id}`;
    });
    check();
  }
}
