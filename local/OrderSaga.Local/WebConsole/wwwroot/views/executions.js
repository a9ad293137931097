import { listAll, sfn } from '../api.js';
import { breadcrumb, executionLink, formatDuration, formatTime, h, link, statusBadge } from '../dom.js';
import { parseMaybeJson } from '../jsonview.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
const IDLE_REFRESH_MS = 5000;

// An execution's input never changes, so the order id read from it is kept for the whole session.
const orderIds = new Map();

async function orderIdOf(execution) {
  if (!orderIds.has(execution.executionArn)) {
    try {
      const described = await sfn('DescribeExecution', { executionArn: execution.executionArn });
      const input = parseMaybeJson(described.input);
      orderIds.set(execution.executionArn, input?.detail?.orderId ?? input?.orderId ?? '');
    } catch {
      return '';
    }
  }
  return orderIds.get(execution.executionArn);
}

export async function executionsView(root, [machineArn], ctx) {
  const machine = await sfn('DescribeStateMachine', { stateMachineArn: machineArn });
  const status = h('select', { 'data-testid': 'status-filter', id: 'status-filter' },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map(s => h('option', { value: s, selected: ctx.query.get('status') === s }, s)));
  const search = h('input', {
    type: 'search', id: 'search', placeholder: 'Order id or execution name', 'data-testid': 'search',
    value: ctx.query.get('q') ?? '', autocomplete: 'off',
  });
  const summary = h('span', { class: 'muted', 'data-testid': 'executions-count' });
  const live = h('span', { class: 'live', 'data-testid': 'live', hidden: true }, 'live');
  const body = h('tbody', {});
  let executions = [];
  let anyRunning = false;

  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = executions.filter(e => !q || e.name.toLowerCase().includes(q) || (e.orderId ?? '').toLowerCase().includes(q));
    const now = Date.now() / 1000;
    body.replaceChildren(...shown.map(e => h('tr', { 'data-testid': 'execution-row', 'data-name': e.name, 'data-status': e.status },
      h('td', {}, link(executionLink(e.executionArn), e.name)),
      h('td', { 'data-testid': 'order-id' }, e.orderId ?? ''),
      h('td', {}, statusBadge(e.status)),
      h('td', {}, formatTime(e.startDate)),
      h('td', { class: 'num' }, formatDuration(((e.stopDate ?? now) - e.startDate) * 1000)))));
    if (shown.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: 5, class: 'empty', 'data-testid': 'empty' }, executions.length ? 'No execution matches the search.' : 'No executions.')));
    }
    summary.textContent = `${shown.length} of ${executions.length} execution${executions.length === 1 ? '' : 's'}`;
    live.hidden = !anyRunning;
  };

  const refresh = async () => {
    const request = { stateMachineArn: machineArn, maxResults: 100 };
    if (status.value) request.statusFilter = status.value;
    const list = await listAll('ListExecutions', request, 'executions');
    await Promise.all(list.map(async e => { e.orderId = await orderIdOf(e); }));
    if (!ctx.alive) return;
    executions = list;
    anyRunning = list.some(e => e.status === 'RUNNING');
    draw();
  };

  status.addEventListener('change', async () => {
    ctx.setQuery({ status: status.value, q: search.value });
    await refresh();
  });
  search.addEventListener('input', () => {
    ctx.setQuery({ status: status.value, q: search.value });
    draw();
  });

  root.append(
    breadcrumb(['#/', 'State machines'], machine.name),
    h('h1', {}, machine.name, ' ', h('span', { class: 'muted small' }, machine.type)),
    h('div', { class: 'toolbar' },
      h('label', { for: 'status-filter' }, 'Status'), status,
      h('label', { for: 'search' }, 'Search'), search,
      summary, live),
    h('table', { class: 'grid', 'data-testid': 'executions-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Order id'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col', class: 'num' }, 'Duration'))),
      body));
  await ctx.poll(refresh, () => (anyRunning ? ctx.config.refreshMs : IDLE_REFRESH_MS));
}
