// The dashboard's start: the token (a login link, the form, or this tab's sessionStorage), the
// event stream, and the views by the address's fragment: #/ deployments, #/trash, #/d/<id>,
// #/admin.
import { clearToken, isAdmin, setToken, takeTokenFromLink, token, user } from './auth.js';
import { h, fill, tickCountdowns } from './dom.js';
import { connect, disconnect, loadAll } from './store.js';
import { notifyError } from './notice.js';
import { problemView } from './dialog.js';
import * as deployments from './views/deployments.js';
import * as trash from './views/trash.js';
import * as detail from './views/detail.js';
import * as admin from './views/admin.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const live = document.getElementById('live');
let leave = () => {};

function route() {
  leave();
  const hash = location.hash || '#/';
  const detailMatch = /^#\/d\/([0-9a-fA-F-]{36})$/.exec(hash);
  nav.querySelectorAll('a[data-route]').forEach((a) => {
    a.toggleAttribute('aria-current', hash === a.getAttribute('href') || (a.dataset.route === 'deployments' && !!detailMatch));
  });
  if (detailMatch) leave = detail.render(view, detailMatch[1]);
  else if (hash === '#/trash') leave = trash.render(view);
  else if (hash === '#/admin') leave = admin.render(view);
  else leave = deployments.render(view);
  document.title = `Decommission · ${view.querySelector('h2')?.textContent ?? ''}`;
}

function showLogin(problem) {
  disconnect();
  leave();
  leave = () => {};
  nav.hidden = true;
  const field = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const form = h('form', { class: 'login', 'aria-label': 'log in' },
    h('h2', { text: 'Log in' }),
    problem ? h('div', { class: 'problem', role: 'alert' }, problemView(problem)) : null,
    h('label', {}, 'Bearer token ', field),
    h('p', { id: 'token-help', class: 'hint' },
      'The all-in-one prints a login link at start ("Dashboard: http://…/#token=…") and writes an admin token to ',
      h('code', { text: '<data dir>/admin.token' }), '. The token is kept in this tab only.'),
    h('button', { type: 'submit' }, 'Log in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(field.value);
    start();
  });
  fill(view, form);
  field.focus();
}

async function start() {
  if (!token()) {
    showLogin();
    return;
  }
  nav.hidden = false;
  document.getElementById('whoami').textContent = `${user()}${isAdmin() ? ' (admin)' : ''}`;
  nav.querySelector('[data-route="admin"]').hidden = !isAdmin();
  connect((state) => {
    live.dataset.state = state;
    live.textContent = { open: 'live', reconnecting: 'reconnecting…', stopped: 'not live' }[state] || state;
  });
  try {
    await loadAll();
  } catch (e) {
    // A 401 has shown the login again; anything else is said, and the views show what they can.
    if (e.status === 401) return;
    notifyError(e);
  }
  route();
}

window.addEventListener('unauthorized', (e) => {
  clearToken();
  showLogin(e.detail);
});
window.addEventListener('hashchange', () => {
  if (takeTokenFromLink()) {
    start();
  } else if (token()) {
    route();
    view.focus({ preventScroll: true });
  }
});
// The skip link moves the focus; following it as a link would change the view.
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  view.focus();
});
document.getElementById('logout').addEventListener('click', () => {
  clearToken();
  showLogin();
});
setInterval(tickCountdowns, 1000);
takeTokenFromLink();
start();
