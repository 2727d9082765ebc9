// Roll out a revision: the spec in force, as JSON, to edit. The new revision starts beside the
// serving one, which keeps serving if it fails.
import { h } from '../dom.js';
import { ApiError, path, post } from '../api.js';
import { openDialog } from '../dialog.js';
import { notify } from '../notice.js';
import { refresh } from '../store.js';

export function revisionDialog(d) {
  const editor = h('textarea', { name: 'spec', rows: 18, spellcheck: false, class: 'mono', 'aria-label': 'deployment spec (JSON)' });
  editor.value = JSON.stringify(d.spec, null, 2);
  const dialog = openDialog({
    onClose: () => refresh(d.id),
    title: `Roll out revision ${d.revision + 1} of ${d.name}`,
    wide: true,
    body: [h('p', { text: 'Edit the spec (same name and host). The new revision is created and health-checked beside the serving one; the route switches when it is healthy.' }), editor],
    buttons: [{ label: 'Roll out', dataset: { confirm: 'revise' }, onclick: () => dialog.run(async () => {
      let spec;
      try {
        spec = JSON.parse(editor.value);
      } catch (e) {
        throw new ApiError(400, { title: 'Not JSON', detail: e.message });
      }
      const ack = await post(path(d.id, '/revisions'), spec);
      notify(`${d.name}: revision ${ack.revision} is rolling out`);
    }) }],
  });
}
