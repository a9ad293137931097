import { listAll } from '../api.js';
import { breadcrumb, formatTime, h, link, machineLink } from '../dom.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export async function machinesView(root) {
  const machines = await listAll('ListStateMachines', {}, 'stateMachines');
  const counts = await Promise.all(machines.map(m => listAll('ListExecutions', { stateMachineArn: m.stateMachineArn }, 'executions')
    .then(list => Object.fromEntries(STATUSES.map(s => [s, list.filter(e => e.status === s).length])))));
  root.append(
    breadcrumb('State machines'),
    h('h1', {}, 'State machines'),
    machines.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'empty' }, 'No state machine is deployed.')
      : h('table', { class: 'grid', 'data-testid': 'machines-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'),
          STATUSES.map(s => h('th', { scope: 'col', class: 'num' }, s.replace('_', ' ').toLowerCase())), h('th', { scope: 'col' }, 'Created'))),
        h('tbody', {}, machines.map((m, i) => h('tr', { 'data-testid': 'machine-row', 'data-name': m.name },
          h('td', {}, link(machineLink(m.stateMachineArn), m.name)),
          h('td', {}, m.type),
          STATUSES.map(s => h('td', { class: ['num', counts[i][s] > 0 && `count-${s.toLowerCase()}`] }, counts[i][s])),
          h('td', {}, formatTime(m.creationDate)))))));
}
