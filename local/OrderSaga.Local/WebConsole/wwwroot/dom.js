// Small DOM helpers: h() builds elements so views read like the markup they make.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class' && Array.isArray(value)) {
      element.setAttribute('class', value.filter(Boolean).join(' '));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

export const svg = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

const pad = (n, width = 2) => String(n).padStart(width, '0');

// AWS returns epoch seconds (with milliseconds as the fraction).
export function formatTime(epochSeconds) {
  if (epochSeconds === undefined || epochSeconds === null) {
    return '';
  }
  const d = new Date(epochSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const statusBadge = status => h('span', { class: `badge status-${String(status).toLowerCase()}`, 'data-testid': 'status' }, status);

export function errorBox(error, title = 'Something went wrong') {
  return h('div', { class: 'notice error', role: 'alert', 'data-testid': 'error' },
    h('strong', {}, title), ' ',
    error?.type ? h('code', {}, error.type) : null, ' ',
    error?.message ?? String(error));
}

export function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'notice', 'data-kind': kind }, ...content);
}

export const link = (href, text, attrs = {}) => h('a', { href, ...attrs }, text);

export const executionLink = arn => `#/executions/${encodeURIComponent(arn)}`;

export const machineLink = arn => `#/machines/${encodeURIComponent(arn)}`;

export function breadcrumb(...items) {
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    items.map((item, i) => [i > 0 ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '›') : null,
      Array.isArray(item) ? link(item[0], item[1]) : h('span', { 'aria-current': 'page' }, item)]));
}
