// A modal dialog on the platform's <dialog>: showModal() keeps focus inside it and Escape closes
// it; focus goes back to what opened it. Each dialog has an error box for the API's problem.
import { h, fill } from './dom.js';

/** The problem document of an ApiError (or any error) as a title and a detail, with field errors. */
export function problemView(error) {
  const errors = error.errors || [];
  return [
    h('strong', { class: 'problem-title', text: error.title || 'Error' }),
    error.detail ? h('span', { class: 'problem-detail', text: ` ${error.detail}` }) : null,
    errors.length ? h('ul', {}, errors.map((f) => h('li', { text: `${f.field ?? ''}: ${f.message ?? JSON.stringify(f)}` }))) : null,
  ];
}

/**
 * Opens a dialog. body is an element (or elements); buttons are [{label, class, onclick}] and
 * a Cancel button is added; onClose runs when it closes, however. Answers {el, close(), error(e),
 * clearError(), busy(on), run(request), buttons}.
 */
export function openDialog({ title, body, buttons = [], wide = false, label, onClose = () => {} }) {
  const opener = document.activeElement;
  const errorBox = h('div', { class: 'problem', role: 'alert', hidden: true });
  const actionButtons = buttons.map((b) => h('button', { type: 'button', class: b.class || '', onclick: b.onclick, dataset: b.dataset }, b.label));
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => close() }, 'Cancel');
  const heading = h('h2', { id: `dialog-${Date.now()}`, text: title });
  const el = h('dialog', { class: wide ? 'wide' : '', 'aria-labelledby': heading.id, 'aria-label': label },
    heading, h('div', { class: 'dialog-body' }, body), errorBox, h('div', { class: 'dialog-buttons' }, actionButtons, cancel));
  el.addEventListener('close', () => {
    el.remove();
    onClose();
    if (opener && opener.isConnected) opener.focus();
  });
  document.body.append(el);
  el.showModal();
  const first = el.querySelector('input, textarea, select') || actionButtons[0] || cancel;
  first.focus();

  function close() {
    if (el.open) el.close();
  }
  const dialog = {
    el,
    close,
    error(e) {
      fill(errorBox, problemView(e));
      errorBox.hidden = false;
    },
    clearError() {
      errorBox.hidden = true;
      errorBox.replaceChildren();
    },
    busy(on) {
      actionButtons.forEach((b) => { b.disabled = on; });
    },
    /** Runs the dialog's request: closes on success; on a refusal shows the problem and stays. */
    async run(request) {
      dialog.clearError();
      dialog.busy(true);
      try {
        await request();
        close();
      } catch (e) {
        dialog.error(e);
        dialog.busy(false);
      }
    },
    buttons: actionButtons,
  };
  return dialog;
}
