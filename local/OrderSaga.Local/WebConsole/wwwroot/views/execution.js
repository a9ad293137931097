import { AwsError, sfn } from '../api.js';
import { breadcrumb, formatDuration, formatTime, h, machineLink, notice, statusBadge } from '../dom.js';
import { compensationStates, renderGraph } from '../graph.js';
import { analyze, detailsOf } from '../history.js';
import { jsonView, parseMaybeJson } from '../jsonview.js';

async function readHistory(executionArn) {
  const events = [];
  let nextToken;
  do {
    const page = await sfn('GetExecutionHistory', { executionArn, maxResults: 1000, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function describeError(e) {
  if (e instanceof AwsError && e.type === 'UnknownOperationException') {
    return [h('strong', {}, 'Not available here. '), 'This local cloud does not implement that operation yet: ', h('code', {}, e.type), ' ', e.message];
  }
  return [h('strong', {}, 'The request failed. '), h('code', {}, e.type ?? 'Error'), ' ', e.message];
}

function statePanel(analysis, definitionStates, name, compensation) {
  if (!name) {
    return h('p', { class: 'muted' }, 'Select a state in the graph to see its input and output.');
  }
  const summary = analysis.states.get(name);
  const visit = summary?.visits.at(-1);
  const type = definitionStates.get(name)?.Type ?? visit?.stateType;
  return h('div', { 'data-testid': 'state-details', 'data-state': name },
    h('h3', {}, name, ' ', h('span', { class: 'muted small' }, type ?? '')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Status'), h('dd', { 'data-testid': 'state-status' }, summary ? summary.status : 'not visited'),
      summary ? [h('dt', {}, 'Visits'), h('dd', {}, summary.visits.length)] : null,
      summary?.retries ? [h('dt', {}, 'Retries'), h('dd', { 'data-testid': 'state-retries' }, summary.retries)] : null,
      compensation.has(name) ? [h('dt', {}, 'Path'), h('dd', {}, h('span', { class: 'badge compensation' }, 'compensation'))] : null,
      visit?.exitedAt !== undefined ? [h('dt', {}, 'Duration'), h('dd', {}, formatDuration((visit.exitedAt - visit.enteredAt) * 1000))] : null),
    summary?.visits.flatMap(v => v.failures).length
      ? h('div', { class: 'failures' }, h('h4', {}, 'Errors'),
        h('ul', {}, summary.visits.flatMap(v => v.failures.map(f => h('li', {}, h('code', {}, f.error), f.cause ? ` ${f.cause}` : ''))))) : null,
    summary?.caught.length ? h('p', { class: 'caught-note', 'data-testid': 'state-caught' }, 'Caught: ', summary.caught.map(c => c?.error).join(', ')) : null,
    visit ? [
      h('h4', {}, 'Input'), jsonView(visit.input, { testId: 'state-input' }),
      h('h4', {}, 'Output'), jsonView(visit.output, { testId: 'state-output', emptyText: visit.status === 'running' ? 'still running' : 'no output' }),
    ] : null);
}

function historyTable(events, analysis) {
  const start = analysis.start;
  return h('table', { class: 'grid history', 'data-testid': 'history-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, 'ID'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Step'),
      h('th', { scope: 'col', class: 'num' }, 'Elapsed time (ms)'), h('th', { scope: 'col' }, 'Timestamp'))),
    h('tbody', {}, events.map(e => {
      const details = detailsOf(e);
      const failed = /Failed|TimedOut|Aborted/.test(e.type);
      return h('tr', { 'data-testid': 'history-row', 'data-type': e.type, class: failed ? 'row-failed' : null },
        h('td', { class: 'num' }, e.id),
        h('td', {}, details
          ? h('details', {}, h('summary', {}, e.type), jsonView(Object.fromEntries(Object.entries(details).map(([k, v]) => [k, parseMaybeJson(v)])), { testId: 'event-details' }))
          : e.type),
        h('td', {}, analysis.stateOfEvent(e.id) ?? ''),
        h('td', { class: 'num' }, Math.round((e.timestamp - start) * 1000)),
        h('td', {}, formatTime(e.timestamp)));
    })));
}

export async function executionView(root, [executionArn], ctx) {
  const [described, machine] = await Promise.all([
    sfn('DescribeExecution', { executionArn }),
    sfn('DescribeStateMachineForExecution', { executionArn }),
  ]);
  const definition = JSON.parse(machine.definition);
  const compensation = compensationStates(definition, ctx.config.compensationStates);
  const definitionStates = new Map();
  const collect = scope => Object.entries(scope.States ?? {}).forEach(([n, s]) => {
    definitionStates.set(n, s);
    (s.Branches ?? []).concat(s.ItemProcessor ?? s.Iterator ?? []).forEach(collect);
  });
  collect(definition);

  const header = h('div', { class: 'exec-header' });
  const notices = h('div', { class: 'notices', 'data-testid': 'notices' });
  const facts = h('dl', { class: 'facts wide', 'data-testid': 'execution-facts' });
  const graphPanel = h('div', { class: 'graph-panel', 'data-testid': 'graph' });
  const side = h('aside', { class: 'state-panel', 'data-testid': 'state-panel' });
  const io = h('div', { class: 'io' });
  const historySection = h('section', {});
  let selected = ctx.query.get('state');
  let state = { described, events: [], analysis: null };

  const act = async (button, operation, request, success) => {
    button.disabled = true;
    try {
      const result = await sfn(operation, request);
      notices.replaceChildren(notice('success', success(result)));
      await ctx.refreshNow();
    } catch (e) {
      notices.replaceChildren(notice('error', ...describeError(e)));
      button.disabled = false;
    }
  };
  const stopButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'stop' }, 'Stop execution');
  stopButton.addEventListener('click', () => act(stopButton, 'StopExecution',
    { executionArn, error: 'Console.Stopped', cause: 'Stopped from the local console.' },
    r => `Stopped at ${formatTime(r.stopDate)}.`));
  const redriveButton = h('button', { type: 'button', 'data-testid': 'redrive' }, 'Redrive');
  redriveButton.addEventListener('click', () => act(redriveButton, 'RedriveExecution', { executionArn },
    r => `Redriven at ${formatTime(r.redriveDate)}: the execution continues from the state that failed.`));

  const drawGraph = () => {
    const select = name => {
      selected = name;
      ctx.setQuery({ state: name });
      drawGraph();
    };
    graphPanel.replaceChildren(renderGraph(definition, { analysis: state.analysis, compensation, selected, onSelect: select }),
      h('div', { class: 'legend', 'aria-label': 'Legend' },
        ['succeeded', 'caught', 'failed', 'running', 'compensation', 'not-visited'].map(k => h('span', { class: `chip chip-${k}` }, k.replace('-', ' '))),
        h('span', { class: 'chip chip-catch' }, 'catch edge')));
    side.replaceChildren(statePanel(state.analysis, definitionStates, selected, compensation));
  };

  const draw = () => {
    const d = state.described;
    const running = d.status === 'RUNNING';
    stopButton.disabled = !running;
    redriveButton.disabled = running || d.status === 'SUCCEEDED';
    header.replaceChildren(h('h1', {}, d.name), statusBadge(d.status), h('span', { class: 'spacer' }), stopButton, redriveButton);
    const end = d.stopDate ?? Date.now() / 1000;
    facts.replaceChildren(...[
      h('dt', {}, 'Execution ARN'), h('dd', { class: 'span' }, h('code', {}, d.executionArn)),
      h('dt', {}, 'Started'), h('dd', {}, formatTime(d.startDate)),
      h('dt', {}, 'Ended'), h('dd', {}, d.stopDate ? formatTime(d.stopDate) : '—'),
      h('dt', {}, 'Duration'), h('dd', { 'data-testid': 'duration' }, formatDuration((end - d.startDate) * 1000)),
      d.redriveCount ? [h('dt', {}, 'Redrives'), h('dd', { 'data-testid': 'redrive-count' }, d.redriveCount)] : null,
      d.error ? [h('dt', {}, 'Error'), h('dd', { 'data-testid': 'execution-error' }, h('code', {}, d.error))] : null,
      d.cause ? [h('dt', {}, 'Cause'), h('dd', {}, d.cause)] : null,
    ].flat().filter(Boolean));
    if (!selected) {
      const last = state.analysis.visits.at(-1);
      selected = last?.name ?? null;
    }
    drawGraph();
    io.replaceChildren(
      h('div', {}, h('h3', {}, 'Execution input'), jsonView(d.input, { testId: 'execution-input', openDepth: 2 })),
      h('div', {}, h('h3', {}, 'Execution output'), jsonView(d.output, { testId: 'execution-output', openDepth: 2, emptyText: running ? 'still running' : 'no output' })));
    historySection.replaceChildren(h('h2', {}, `Event history (${state.events.length})`), historyTable(state.events, state.analysis));
  };

  const refresh = async () => {
    const [d, events] = await Promise.all([sfn('DescribeExecution', { executionArn }), readHistory(executionArn)]);
    if (!ctx.alive) return;
    state = { described: d, events, analysis: analyze(events) };
    draw();
  };

  root.append(
    breadcrumb(['#/', 'State machines'], [machineLink(described.stateMachineArn), described.stateMachineArn.split(':').pop()], described.name),
    header, notices, facts,
    h('div', { class: 'exec-body' }, graphPanel, side),
    io, historySection);
  await ctx.poll(refresh, () => (state.described.status === 'RUNNING' ? ctx.config.refreshMs : null));
}
