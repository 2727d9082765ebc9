// A status as a badge: its name in text, a colour and a mark of its own (a status is never told by
// colour alone).
import { h } from './dom.js';

const MARKS = {
  CREATING: '◔', RUNNING: '●', STOPPED: '■', FAILED: '✖', CANCELLED: '⊘',
  MISSING: '?', DELETING: '◑', DELETED: '♻', PURGING: '◕', PURGED: '∅',
};

export function badge(status) {
  return h('span', { class: `badge status-${String(status).toLowerCase()}`, dataset: { status } },
    h('span', { class: 'mark', 'aria-hidden': 'true', text: MARKS[status] || '•' }), status);
}

export function phaseOf(d) {
  return d.phase && ['CREATING', 'DELETING', 'PURGING'].includes(d.status) ? d.phase : null;
}

/** The pull's progress as a <progress> and its figures, while PULL_IMAGE runs. */
export function pullProgress(d) {
  const p = d.pullProgress;
  if (!p) return null;
  const percent = Math.max(0, Math.min(100, Number(p.percent) || 0));
  return h('span', { class: 'pull' },
    h('progress', { max: 100, value: percent, 'aria-label': `pulling ${p.image ?? 'the image'}` }),
    ` ${percent}%`);
}
