// A readable, collapsible view of a JSON value: objects and arrays fold, scalars are coloured by type.
import { h } from './dom.js';

// History and DescribeExecution carry payloads as JSON text; show them as the values they are.
export function parseMaybeJson(value) {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function scalar(value) {
  if (value === null) {
    return h('span', { class: 'j-null' }, 'null');
  }
  switch (typeof value) {
    case 'string': return h('span', { class: 'j-str' }, JSON.stringify(value));
    case 'number': return h('span', { class: 'j-num' }, String(value));
    case 'boolean': return h('span', { class: 'j-bool' }, String(value));
    default: return h('span', { class: 'j-null' }, 'undefined');
  }
}

function node(key, value, depth, openDepth) {
  const label = key === undefined ? null : h('span', { class: 'j-key' }, `${key}: `);
  if (value === null || typeof value !== 'object') {
    return h('div', { class: 'j-leaf' }, label, scalar(value));
  }

  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [i, v]) : Object.entries(value);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return h('div', { class: 'j-leaf' }, label, h('span', { class: 'j-brace' }, open + close));
  }

  const count = isArray ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  return h('details', { class: 'j-node', open: depth < openDepth },
    h('summary', {}, label, h('span', { class: 'j-brace' }, open), h('span', { class: 'j-meta' }, ` ${count} `), h('span', { class: 'j-brace j-close-inline' }, close)),
    h('div', { class: 'j-children' }, entries.map(([k, v]) => node(k, v, depth + 1, openDepth))),
    h('span', { class: 'j-brace' }, close));
}

export function jsonView(value, { openDepth = 3, testId = 'json-view', emptyText = 'none' } = {}) {
  if (value === undefined) {
    return h('div', { class: 'json empty', 'data-testid': testId }, emptyText);
  }
  const parsed = parseMaybeJson(value);
  return h('div', { class: 'json', 'data-testid': testId },
    h('button', {
      type: 'button', class: 'copy', title: 'Copy as JSON',
      onclick: e => navigator.clipboard?.writeText(JSON.stringify(parsed, null, 2)).then(() => { e.target.textContent = 'Copied'; }),
    }, 'Copy'),
    node(undefined, parsed, 0, openDepth));
}
