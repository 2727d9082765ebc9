// The operator dashboard in a real browser, against a running program: log in by the link;
// a deployment created through the API appears and turns RUNNING; a delete through the plan
// dialog meets a plan changed behind it (412) and goes through with the new plan, the badge
// DELETED within a second of the event; the trash bin's countdown, restore and start; a revision
// from the spec editor (an invalid one first); a `docker stop` by hand turns the badge STOPPED
// without a reload; an illegal request shows the API's problem; purge with the data after typing
// the name, and the receipt; the admin view; a user sees only their own deployments; the page at
// 390 px; the Swagger UI. No page is ever reloaded after the login. Screenshots of the main views
// land in <screenshot dir>.
// Prints "created <id>" for each deployment it makes (the caller removes them) and "ok: <step>"
// for each step; exits 1 at the first step that fails.
// Usage: node dashboard.mjs <login link> <user token> <user's deployment name> <name prefix> <screenshot dir>
// (the login link is the one the program prints at start: http://127.0.0.1:<port>/#token=<admin token>)
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { launch } from './browser.mjs';
import { follow } from '../starter-api/src/main/resources/static/js/sse.js';

const [link, userToken, userDeployment, prefix, shots] = process.argv.slice(2);
if (!shots) {
  console.error('usage: node dashboard.mjs <login link> <user token> <user deployment name> <name prefix> <screenshot dir>');
  process.exit(2);
}
const base = new URL(link).origin;
const adminToken = decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
mkdirSync(shots, { recursive: true });
const run = promisify(execFile);
const EVENT_TO_BADGE_MS = 1000;

async function api(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Every event the admin's stream brings, with the time it arrived here. */
const events = [];
const stream = follow(`${base}/api/events`, {
  headers: () => ({ Authorization: `Bearer ${adminToken}` }),
  onEvent: (e) => events.push({ at: Date.now(), name: e.event, data: JSON.parse(e.data) }),
});

async function eventArrived(id, name, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find((e) => e.name === name && e.data.deploymentId === id);
    if (found) return found.at;
    if (Date.now() > deadline) throw new Error(`no ${name} event for ${id} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let current = 'start';
async function step(name, body) {
  current = name;
  await body();
  console.log(`ok: ${name}`);
}

const browser = await launch();
const cspViolations = [];
async function newPage(width, height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()} at ${JSON.stringify(m.location())}`);
  });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  return page;
}
const page = await newPage(1280);
/** Full loads of the page (a hash change is none): after the login there must be none. */
let navigations = 0;
page.on('load', () => { navigations++; });

const row = (id) => page.locator(`main tr[data-id="${id}"]`);
/** Waits until the row's badge says `status`; answers the time the page showed it. */
async function badge(id, status, timeoutMs = 90_000) {
  const handle = await page.waitForFunction(([i, s]) => {
    const el = document.querySelector(`main tr[data-id="${i}"] .badge`);
    return el && el.dataset.status === s && el.textContent.includes(s) ? Date.now() : false;
  }, [id, status], { timeout: timeoutMs, polling: 'raf' });
  return handle.jsonValue();
}
async function shot(name, target = page) {
  await target.screenshot({ path: `${shots}/${name}.png` });
}
async function showDeleted(on) {
  const box = page.locator('input[name="show-deleted"]');
  if ((await box.isChecked()) !== on) await box.click();
}
async function containerOf(id) {
  return (await api('GET', `/api/deployments/${id}`)).replicas[0].containerName;
}

let id;
const name = `${prefix}-web`;
try {
  await step('the login link keeps the token in sessionStorage and takes it out of the address bar', async () => {
    await page.goto(link);
    await page.locator('#nav').waitFor({ state: 'visible' });
    if (page.url().includes('token')) throw new Error(`the address bar still holds the token: ${page.url()}`);
    const kept = await page.evaluate(() => sessionStorage.getItem('decommission.token'));
    if (kept !== adminToken) throw new Error('the token is not in sessionStorage');
    await page.locator('#whoami', { hasText: 'admin' }).waitFor();
    await page.locator('#live[data-state="open"]').waitFor();
    navigations = 0;
  });

  await step('a deployment created through the API appears and turns RUNNING', async () => {
    id = (await api('POST', '/api/deployments', {
      name, image: 'decommission/testapp:local', replicas: 1,
      ports: [{ name: 'http', containerPort: 8080 }],
      volumes: [{ name: 'data', mountPath: '/data' }, { name: 'archive', mountPath: '/archive', onDelete: 'SNAPSHOT' }],
      healthCheck: { type: 'HTTP', port: 'http', path: '/', timeoutSeconds: 30 },
    })).id;
    console.log(`created ${id}`);
    await row(id).waitFor({ timeout: 10_000 });
    await badge(id, 'RUNNING');
    await row(id).locator('button[data-action="stop"]').waitFor();
    await page.locator(`main tr[data-name="${userDeployment}"] .owner`).waitFor();
    await shot('dashboard-deployments');
  });

  await step('filters by name and status', async () => {
    await page.fill('input[name="name"]', name);
    if (await page.locator(`main tr[data-name="${userDeployment}"]`).count()) throw new Error('the name filter let another deployment through');
    await page.selectOption('select[name="status"]', 'STOPPED');
    await row(id).waitFor({ state: 'detached' });
    await page.selectOption('select[name="status"]', '');
    await page.fill('input[name="name"]', '');
    await row(id).waitFor();
  });

  await step('the delete dialog shows the plan; a plan changed behind it answers 412 with what changed and the new plan', async () => {
    await showDeleted(true);
    await row(id).locator('button[data-action="delete"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('table.plan tbody tr').first().waitFor();
    for (const kind of ['CONTAINER', 'VOLUME', 'NETWORK', 'PORT']) {
      await dialog.locator('table.plan td', { hasText: kind }).first().waitFor();
    }
    await shot('dashboard-delete-plan');
    // Behind the dialog, the container goes by hand: the deployment is MISSING, its plan another.
    await run('docker', ['rm', '-f', await containerOf(id)]);
    await badge(id, 'MISSING', 15_000);
    await dialog.locator('button[data-confirm="delete"]').click();
    await dialog.locator('.problem-title', { hasText: 'Plan changed' }).waitFor();
    await dialog.locator('.plan-changes', { hasText: 'The plan changed' }).waitFor();
    await dialog.locator('.plan-changes li', { hasText: 'CONTAINER' }).first().waitFor();
    await shot('dashboard-plan-changed');
  });

  await step('deleting with the new plan shows DELETED within a second of the event', async () => {
    const dialog = page.locator('dialog[open]');
    await dialog.locator('button[data-confirm="delete"]').click();
    await dialog.waitFor({ state: 'detached' });
    const shown = await badge(id, 'DELETED', 60_000);
    const event = await eventArrived(id, 'deployment-deleted');
    const lag = Math.max(0, shown - event);
    console.log(`deleted: badge ${lag} ms after the event`);
    if (lag > EVENT_TO_BADGE_MS) throw new Error(`the badge turned DELETED ${lag} ms after the event`);
  });

  await step('the trash bin counts down to the purge; restore, then start', async () => {
    await page.click('nav a[href="#/trash"]');
    const trashed = row(id);
    await trashed.locator('time.countdown', { hasText: /purge in \d/ }).waitFor();
    const first = await trashed.locator('time.countdown').textContent();
    await page.waitForTimeout(2100);
    const later = await trashed.locator('time.countdown').textContent();
    if (first === later) throw new Error(`the countdown stands still at "${first}"`);
    await shot('dashboard-trash');
    await trashed.locator('button[data-action="restore"]').click();
    await trashed.waitFor({ state: 'detached', timeout: 30_000 });
    await page.click('nav a[href="#/"]');
    await badge(id, 'MISSING', 30_000);
    await row(id).locator('button[data-action="start"]').click();
    await badge(id, 'RUNNING');
  });

  await step('a revision rolled out from the spec editor; an invalid spec shows the problem and its fields', async () => {
    await row(id).locator('button[data-action="revise"]').click();
    const dialog = page.locator('dialog[open]');
    const editor = dialog.locator('textarea[name="spec"]');
    const spec = JSON.parse(await editor.inputValue());
    await editor.fill(JSON.stringify({ ...spec, replicas: 0 }, null, 2));
    await dialog.locator('button[data-confirm="revise"]').click();
    await dialog.locator('.problem li', { hasText: 'replicas' }).waitFor();
    console.log(`invalid spec: ${(await dialog.locator('.problem').textContent()).trim()}`);
    await editor.fill(JSON.stringify({ ...spec, env: { ...(spec.env || {}), GREETING: 'revision 2' } }, null, 2));
    await dialog.locator('button[data-confirm="revise"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((i) => document.querySelector(`main tr[data-id="${i}"] td[data-label="revision"]`)?.textContent === '2', id,
      { timeout: 90_000 });
    await badge(id, 'RUNNING');
  });

  await step('a docker stop by hand turns the badge STOPPED without a reload', async () => {
    const container = await containerOf(id);
    await run('docker', ['stop', container]);
    const stopped = Date.now();
    const shown = await badge(id, 'STOPPED', 15_000);
    const event = await eventArrived(id, 'deployment-stopped');
    console.log(`docker stop: badge ${shown - stopped} ms after docker stop returned, ${Math.max(0, shown - event)} ms after the event`);
    if (shown - stopped > EVENT_TO_BADGE_MS) throw new Error(`the badge turned STOPPED ${shown - stopped} ms after docker stop`);
    if (navigations) throw new Error(`the page was loaded again ${navigations} time(s)`);
  });

  await step('an illegal request shows the API\'s problem; Escape closes the dialog and gives the focus back', async () => {
    const opener = row(id).locator('button[data-action="delete"]');
    await opener.click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('table.plan tbody tr').first().waitFor();
    // Deletion protection switched on behind the page: the delete it offers is now illegal.
    await api('PUT', `/api/deployments/${id}/deletion-protection`, { enabled: true });
    await dialog.locator('button[data-confirm="delete"]').click();
    const problem = dialog.locator('.problem[role="alert"]');
    await problem.locator('.problem-title', { hasText: /\S/ }).waitFor();
    const said = (await problem.textContent()).trim();
    if (!/protect/i.test(said)) throw new Error(`the problem shown does not say why: "${said}"`);
    console.log(`problem shown: ${said}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row(id).locator('.tag', { hasText: 'protected' }).waitFor();
    if (await row(id).locator('button[data-action="delete"]').count()) throw new Error('a protected deployment still offers delete');
    // The focus went back to the row the dialog was opened from (its delete button is gone now).
    const focused = await page.evaluate((i) => document.activeElement?.closest('tr')?.dataset.id === i, id);
    if (!focused) throw new Error(`the focus is not back on the deployment's row: ${await page.evaluate(() => document.activeElement?.outerHTML)}`);
    await row(id).locator('button[data-action="protection"]', { hasText: 'Unprotect' }).click();
    await row(id).locator('button[data-action="delete"]').waitFor();
  });

  await step('purge after typing the name, with the data volumes: the receipt, failures first, and the snapshot', async () => {
    await row(id).locator('button[data-action="delete"]').click();
    const deleteDialog = page.locator('dialog[open]');
    await deleteDialog.locator('table.plan tbody tr').first().waitFor();
    await deleteDialog.locator('input[name="force"]').check();
    await deleteDialog.locator('button[data-confirm="delete"]').click();
    await badge(id, 'DELETED', 60_000);
    await row(id).locator('button[data-action="purge"]').click();
    const dialog = page.locator('dialog[open]');
    const confirm = dialog.locator('button[data-confirm="purge"]');
    if (!(await confirm.isDisabled())) throw new Error('purge is offered before the name is typed');
    if (await dialog.locator('input[name="keepData"]').isChecked()) throw new Error('"keep data volumes" is ticked by default');
    await dialog.locator('input[name="force"]').waitFor();
    await dialog.locator('input[name="confirm-name"]').fill(`${name}x`);
    if (!(await confirm.isDisabled())) throw new Error('purge is offered for a name that is not the deployment\'s');
    await dialog.locator('input[name="confirm-name"]').fill(name);
    await confirm.click();
    await page.waitForURL(new RegExp(`#/d/${id}$`));
    const receipt = page.locator('table.receipt');
    await receipt.waitFor({ timeout: 60_000 });
    const outcomes = await receipt.locator('tbody tr td:first-child').allTextContents();
    const rank = (o) => (o.includes('FAILED') ? 0 : 1);
    if (outcomes.some((o, i) => i > 0 && rank(outcomes[i - 1]) > rank(o))) throw new Error(`failures are not first: ${outcomes}`);
    await receipt.locator('tr', { hasText: 'VOLUME' }).filter({ hasText: 'REMOVED' }).first().waitFor();
    await receipt.locator('tr', { hasText: 'VOLUME' }).filter({ hasText: 'SNAPSHOTTED' }).first().waitFor();
    await page.locator('.summary .badge[data-status="PURGED"]').waitFor();
    await page.locator('table.history tbody tr', { hasText: 'PURGING → PURGED' }).waitFor();
    await page.locator('ol.events li', { hasText: 'deployment-purged' }).waitFor();
    await page.locator('a', { hasText: 'open in the Temporal UI' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('dashboard-receipt');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-download]').first().click()]);
    const file = await download.path();
    const { stdout } = await run('tar', ['-tzf', file]);
    if (!stdout.trim()) throw new Error('the snapshot downloaded is empty');
    console.log(`snapshot downloaded: ${download.suggestedFilename()}`);
  });

  await step('the admin view: reconciler stats, a dry-run sweep and its report, settings, capacity', async () => {
    await page.click('nav a[href="#/admin"]');
    await page.locator('section.stats dl.facts').first().waitFor();
    await page.locator('section.settings dl.facts').waitFor();
    await page.locator('table.capacity tbody tr').first().waitFor();
    if (!(await page.locator('input[name="dryRun"]').isChecked())) throw new Error('a sweep is not a dry run by default');
    await page.click('button[data-action="sweep"]');
    await page.locator('.sweep-result article.report h4', { hasText: 'dry run, nothing changed' }).first().waitFor({ timeout: 60_000 });
    await shot('dashboard-admin');
  });

  await step('the page at 390 px: every view fits, no horizontal scrolling', async () => {
    const narrow = await newPage(390, 844);
    await narrow.goto(link);
    await narrow.locator(`main tr[data-name="${userDeployment}"]`).waitFor();
    for (const view of ['#/', '#/trash', `#/d/${id}`, '#/admin']) {
      await narrow.evaluate((h) => { location.hash = h; }, view);
      await narrow.locator('main h2').first().waitFor();
      await narrow.waitForTimeout(300);
      const wide = await narrow.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 390) throw new Error(`${view} is ${wide} px wide at 390 px`);
    }
    await narrow.evaluate(() => { location.hash = '#/'; });
    await narrow.locator(`main tr[data-name="${userDeployment}"]`).waitFor();
    await shot('dashboard-narrow', narrow);
    await narrow.context().close();
  });

  await step('a user logs in with the form and sees only their own deployments', async () => {
    const other = await newPage(1280);
    await other.goto(base);
    await other.locator('form.login input[name="token"]').fill(userToken);
    await other.locator('form.login button[type="submit"]').click();
    await other.locator(`main tr[data-name="${userDeployment}"]`).waitFor();
    const names = await other.locator('main tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.name));
    if (names.some((n) => n !== userDeployment)) throw new Error(`the user sees others' deployments: ${names}`);
    await other.locator('input[name="show-deleted"]').check();
    if (await other.locator(`main tr[data-id="${id}"]`).count()) throw new Error('the user sees the admin\'s deployment');
    if (await other.locator('nav a[data-route="admin"]').isVisible()) throw new Error('a user is offered the admin view');
    await other.goto(`${base}/#/d/${id}`);
    await other.locator('.problem', { hasText: 'Not found' }).waitFor().catch(async () => {
      throw new Error(`another user's deployment did not answer as not found: ${await other.locator('main').textContent()}`);
    });
    await other.context().close();
  });

  await step('the Swagger UI is served by the program and offers the bearer token', async () => {
    const explorer = await newPage(1280);
    await explorer.goto(`${base}/swagger-ui.html`);
    await explorer.locator('.swagger-ui .info .title', { hasText: 'Decommission API' }).waitFor({ timeout: 30_000 });
    await explorer.locator('button.authorize').click();
    await explorer.locator('.auth-container', { hasText: 'bearer' }).first().waitFor();
    await explorer.context().close();
  });

  await step('no Content-Security-Policy violation', async () => {
    if (cspViolations.length) throw new Error(cspViolations.join('\n'));
  });
} catch (e) {
  console.log(`failed: ${current}: ${e.message.split('\n')[0]}`);
  await shot('dashboard-failure').catch(() => {});
  process.exitCode = 1;
} finally {
  stream.close();
  await browser.close();
}
