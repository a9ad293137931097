// The console's router: hash routes, one view at a time. A view gets a context whose poll() stops when the
// user navigates away, so no request outlives the page that asked for it.
import { errorBox, h } from './dom.js';
import { machinesView } from './views/machines.js';
import { executionsView } from './views/executions.js';
import { executionView } from './views/execution.js';
import { queuesView, queueView } from './views/queues.js';
import { tablesView, tableView } from './views/tables.js';

const routes = [
  [/^\/?$/, machinesView, 'machines'],
  [/^\/machines\/([^/]+)$/, executionsView, 'machines'],
  [/^\/executions\/([^/]+)$/, executionView, 'machines'],
  [/^\/queues\/?$/, queuesView, 'queues'],
  [/^\/queues\/([^/]+)$/, queueView, 'queues'],
  [/^\/tables\/?$/, tablesView, 'tables'],
  [/^\/tables\/([^/]+)$/, tableView, 'tables'],
];

const defaults = { compensationStates: [], refreshMs: 1500 };
let config = defaults;
let current;

class ViewContext {
  #alive = true;
  #timer;
  #fn;
  #interval;

  constructor(query) {
    this.config = config;
    this.query = query;
  }

  get alive() {
    return this.#alive;
  }

  // Runs fn now (its failure is the view's failure) and then again after interval() ms (null: pause), until
  // the view goes away. Later failures are logged and retried: a refresh must not blank a page being read.
  poll(fn, interval) {
    this.#fn = fn;
    this.#interval = interval;
    return this.#run(true);
  }

  // Refreshes at once, and resumes polling if it had paused (after Stop or Redrive).
  refreshNow() {
    return this.#run(false);
  }

  async #run(first) {
    clearTimeout(this.#timer);
    if (!this.#alive || !this.#fn) return;
    try {
      await this.#fn();
    } catch (e) {
      if (first) throw e;
      console.warn('refresh failed', e);
    }
    clearTimeout(this.#timer);
    const next = this.#interval();
    if (this.#alive && next) this.#timer = setTimeout(() => this.#run(false), next);
  }

  // Keeps the view's state in the address (filters, search) without a new history entry or a re-render.
  setQuery(values) {
    const [path] = location.hash.slice(1).split('?');
    const query = new URLSearchParams(values);
    for (const [k, v] of [...query]) if (!v) query.delete(k);
    const text = query.toString();
    history.replaceState(null, '', `#${path}${text ? `?${text}` : ''}`);
  }

  dispose() {
    this.#alive = false;
    clearTimeout(this.#timer);
  }
}

async function render() {
  current?.dispose();
  const [path, queryText] = location.hash.slice(1).split('?');
  const main = document.getElementById('main');
  const context = new ViewContext(new URLSearchParams(queryText ?? ''));
  current = context;
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const route = routes.find(([pattern]) => pattern.test(path || '/'));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === route?.[2]));
  if (!route) {
    main.replaceChildren(errorBox({ message: `No page at #${path}.` }, 'Not found'));
    return;
  }
  const [pattern, view] = route;
  const params = (path || '/').match(pattern).slice(1).map(decodeURIComponent);
  const root = h('div', { class: 'view' });
  try {
    await view(root, params, context);
    if (context.alive) main.replaceChildren(root);
  } catch (e) {
    if (context.alive) main.replaceChildren(errorBox(e));
  }
}

async function start() {
  document.getElementById('endpoint').textContent = location.origin;
  try {
    const response = await fetch('config.json');
    if (response.ok) config = { ...defaults, ...(await response.json()) };
  } catch {
    // The defaults serve; the page also infers compensation paths by itself.
  }
  window.addEventListener('hashchange', render);
  await render();
}

start();
