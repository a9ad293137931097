import { dynamodb } from '../api.js';
import { breadcrumb, h, link } from '../dom.js';
import { fromItem } from '../dynamodb.js';
import { jsonView } from '../jsonview.js';

const PAGE_SIZE = 25;

// DescribeTable's ItemCount is refreshed only every few hours on AWS (and never by dynalite); local tables are small enough to count.
async function countItems(tableName) {
  let count = 0;
  let start;
  do {
    const page = await dynamodb('Scan', { TableName: tableName, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) });
    count += page.Count;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

export async function tablesView(root) {
  const names = [];
  let start;
  do {
    const page = await dynamodb('ListTables', start ? { ExclusiveStartTableName: start } : {});
    names.push(...page.TableNames);
    start = page.LastEvaluatedTableName;
  } while (start);
  const tables = await Promise.all(names.map(async name => ({ ...(await dynamodb('DescribeTable', { TableName: name })).Table, count: await countItems(name) })));
  root.append(
    breadcrumb('Tables'),
    h('h1', {}, 'Tables'),
    tables.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'empty' }, 'No tables.')
      : h('table', { class: 'grid', 'data-testid': 'tables-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col', class: 'num' }, 'Items'), h('th', { scope: 'col' }, 'Status'))),
        h('tbody', {}, tables.map(t => h('tr', { 'data-testid': 'table-row', 'data-name': t.TableName },
          h('td', {}, link(`#/tables/${encodeURIComponent(t.TableName)}`, t.TableName)),
          h('td', {}, t.KeySchema.map(k => `${k.AttributeName} (${k.KeyType === 'HASH' ? 'partition' : 'sort'})`).join(', ')),
          h('td', { class: 'num', 'data-testid': 'item-count' }, t.count),
          h('td', {}, t.TableStatus))))));
}

function cell(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, value === null ? 'null' : '');
  if (typeof value === 'object') return h('code', { class: 'compact' }, JSON.stringify(value));
  return String(value);
}

export async function tableView(root, [tableName]) {
  const { Table: table } = await dynamodb('DescribeTable', { TableName: tableName });
  const keys = table.KeySchema.map(k => k.AttributeName);
  const content = h('div', { 'data-testid': 'items' });
  const pager = h('div', { class: 'toolbar' });
  // Each page's ExclusiveStartKey, so Previous can go back without DynamoDB offering it.
  const starts = [undefined];
  let pageIndex = 0;
  let showJson = false;

  const load = async () => {
    const request = { TableName: tableName, Limit: PAGE_SIZE };
    if (starts[pageIndex]) request.ExclusiveStartKey = starts[pageIndex];
    const page = await dynamodb('Scan', request);
    starts[pageIndex + 1] = page.LastEvaluatedKey;
    const items = page.Items.map(fromItem);
    const columns = [...new Set([...keys, ...items.flatMap(Object.keys)])];
    content.replaceChildren(items.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'empty' }, 'No items.')
      : showJson
        ? h('div', { class: 'items-json' }, items.map(item => jsonView(item, { testId: 'item-json', openDepth: 2 })))
        : h('div', { class: 'scroll' }, h('table', { class: 'grid items', 'data-testid': 'items-table' },
          h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: keys.includes(c) ? 'key' : null }, c)))),
          h('tbody', {}, items.map(item => h('tr', { 'data-testid': 'item-row' }, columns.map(c => h('td', {}, cell(item[c])))))))));
    const previous = h('button', { type: 'button', disabled: pageIndex === 0, 'data-testid': 'previous-page' }, '← Previous');
    const next = h('button', { type: 'button', disabled: !page.LastEvaluatedKey, 'data-testid': 'next-page' }, 'Next →');
    const toggle = h('button', { type: 'button', 'data-testid': 'toggle-json' }, showJson ? 'Show as table' : 'Show as JSON');
    previous.addEventListener('click', () => { pageIndex--; load(); });
    next.addEventListener('click', () => { pageIndex++; load(); });
    toggle.addEventListener('click', () => { showJson = !showJson; load(); });
    pager.replaceChildren(previous, h('span', { class: 'muted', 'data-testid': 'page' }, `page ${pageIndex + 1} · ${items.length} item${items.length === 1 ? '' : 's'}`), next, toggle);
  };

  root.append(
    breadcrumb(['#/tables', 'Tables'], tableName),
    h('h1', {}, tableName, ' ', h('span', { class: 'muted small' }, `key ${keys.join(', ')}`)),
    pager, content);
  await load();
}
