// The cells a deployment shows wherever it is listed: its name, status, replicas, ports.
import { h } from '../dom.js';
import { badge, phaseOf, pullProgress } from '../badge.js';

export function nameCell(d, showOwner) {
  return h('td', { 'data-label': 'name', class: 'name' },
    h('a', { href: `#/d/${d.id}`, text: d.name }),
    d.deletionProtection ? h('span', { class: 'tag', title: 'deletion protection is on', text: 'protected' }) : null,
    showOwner ? h('div', { class: 'owner', text: `owner ${d.owner}` }) : null);
}

export function statusCell(d) {
  const phase = phaseOf(d);
  return h('td', { 'data-label': 'status', class: 'status' }, badge(d.status),
    phase ? h('div', { class: 'phase', text: phase }) : null, pullProgress(d),
    d.status === 'MISSING' && d.dataExists !== null && d.dataExists !== undefined
      ? h('div', { class: 'data', text: d.dataExists ? 'data still on the host' : 'data gone' }) : null,
    d.stuckAttempts ? h('div', { class: 'stuck', text: `stuck after ${d.stuckAttempts} attempt(s)` }) : null);
}

export function replicasText(d) {
  const wanted = d.spec?.replicas ?? d.replicas?.length ?? 0;
  const running = (d.replicas || []).filter((r) => r.state === 'RUNNING').length;
  return `${running}/${wanted}`;
}

/** Host ports in use or kept; a kept one (retained through the soft-delete window) says so. */
export function portsText(d) {
  const ports = d.ports || [];
  if (!ports.length) return '—';
  return ports.map((p) => `${p.hostPort}${p.state === 'RETAINED' ? ' (kept)' : ''}`).join(', ');
}
