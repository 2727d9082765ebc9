// The buttons a deployment offers: exactly the requests legal in its status (legal.js), each
// with what it does. Requests that change much open a dialog first.
import legal from './legal.js';
import { h } from './dom.js';
import { path, post, query, send } from './api.js';
import { isAdmin } from './auth.js';
import { notify, notifyError } from './notice.js';
import { put, refresh } from './store.js';
import { openDialog } from './dialog.js';
import { deleteDialog } from './dialogs/delete-dialog.js';
import { purgeDialog } from './dialogs/purge-dialog.js';
import { revisionDialog } from './dialogs/revision-dialog.js';
import { resumeDialog } from './dialogs/resume-dialog.js';

/** A request with no questions to ask: sent, and its acceptance said. */
function request(verb) {
  return async (d) => {
    try {
      await post(path(d.id, `/${verb}`));
      notify(`${d.name}: ${verb} accepted`);
    } catch (e) {
      notifyError(e);
    }
    refresh(d.id);
  };
}

function cancelDialog(d) {
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'optional' });
  const dialog = openDialog({
    onClose: () => refresh(d.id),
    title: `Cancel the deploy of ${d.name}?`,
    body: [h('p', { text: 'The phase in flight is cancelled and what this attempt created is removed; the deployment ends CANCELLED and can be started again.' }),
      h('label', {}, 'Reason ', reason)],
    buttons: [{ label: 'Cancel the deploy', class: 'danger', dataset: { confirm: 'cancel' }, onclick: () => dialog.run(async () => {
      await post(path(d.id, `/cancel${query({ reason: reason.value })}`));
      notify(`${d.name}: cancel accepted`);
    }) }],
  });
}

async function switchProtection(d) {
  try {
    const { body } = await send(path(d.id, '/deletion-protection'), { method: 'PUT', body: { enabled: !d.deletionProtection } });
    put(body);
    notify(`${d.name}: deletion protection ${body.deletionProtection ? 'on' : 'off'}`);
  } catch (e) {
    notifyError(e);
    refresh(d.id);
  }
}

const ACTIONS = {
  start: { label: 'Start', run: request('start') },
  stop: { label: 'Stop', run: request('stop') },
  restore: { label: 'Restore', run: request('restore') },
  resume: { label: 'Resume…', run: resumeDialog },
  cancel: { label: 'Cancel deploy…', run: cancelDialog, danger: true },
  revise: { label: 'Roll out…', run: revisionDialog },
  protection: { label: (d) => (d.deletionProtection ? 'Unprotect' : 'Protect'), run: switchProtection },
  delete: { label: 'Delete…', run: deleteDialog, danger: true },
  purge: { label: 'Purge…', run: purgeDialog, danger: true },
  forcedPurge: { label: 'Force purge…', run: (d) => purgeDialog(d, { forced: true }), danger: true },
};

/** The names of the requests legal for `d` now, as the table says, for this caller. */
export function legalActions(d) {
  const names = [...(legal.byStatus[d.status] || [])]
    .filter((name) => !(d.deletionProtection && legal.refusedWhileProtected.includes(name)));
  // An admin may also finish a delete or purge that is stuck or under way; from DELETED the
  // purge dialog itself offers the force.
  if (isAdmin() && legal.adminForcedPurgeFrom.includes(d.status) && !names.includes('purge') && !d.deletionProtection) {
    names.push('forcedPurge');
  }
  return names;
}

/** One button per legal request. */
export function actionButtons(d) {
  return h('div', { class: 'actions' }, legalActions(d).map((name) => {
    const a = ACTIONS[name];
    const label = typeof a.label === 'function' ? a.label(d) : a.label;
    return h('button', { type: 'button', class: a.danger ? 'danger' : '', dataset: { action: name, focusKey: `${d.id}:${name}` },
      'aria-label': `${label.replace('…', '')} ${d.name}`, onclick: () => a.run(d) }, label);
  }));
}
