// Resume a FAILED deployment from a deploy phase, reusing what exists.
import legal from '../legal.js';
import { h } from '../dom.js';
import { path, post, query } from '../api.js';
import { openDialog } from '../dialog.js';
import { notify } from '../notice.js';
import { refresh } from '../store.js';

export function resumeDialog(d) {
  const phase = h('select', { name: 'fromPhase' }, legal.deployPhases.map((p) => h('option', { value: p, text: p })));
  const dialog = openDialog({
    onClose: () => refresh(d.id),
    title: `Resume ${d.name}`,
    body: [d.lastError ? h('p', { class: 'mono', text: d.lastError }) : null,
      h('p', { text: 'After a compensation there are no volumes or containers: resume from PULL_IMAGE or CREATE_VOLUMES.' }),
      h('label', {}, 'From phase ', phase)],
    buttons: [{ label: 'Resume', dataset: { confirm: 'resume' }, onclick: () => dialog.run(async () => {
      await post(path(d.id, `/resume${query({ fromPhase: phase.value })}`));
      notify(`${d.name}: resume from ${phase.value} accepted`);
    }) }],
  });
}
