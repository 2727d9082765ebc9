// The page's one message line: what an action started, or the API's problem when it refused.
import { fill, h } from './dom.js';
import { problemView } from './dialog.js';

let timer = null;

function box() {
  return document.getElementById('notice');
}

export function notify(text) {
  show('info', [h('span', { text })]);
}

export function notifyError(error) {
  show('error', problemView(error));
}

function show(kind, content) {
  const el = box();
  clearTimeout(timer);
  el.className = `notice ${kind}`;
  fill(el, content, h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: clear }, '×'));
  el.hidden = false;
  if (kind === 'info') timer = setTimeout(clear, 6000);
}

export function clear() {
  box().hidden = true;
}
