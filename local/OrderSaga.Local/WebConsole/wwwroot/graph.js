// Draws an ASL definition as an SVG graph: a layered layout (states top to bottom in the order they can run),
// Parallel branches and Map processors nested as boxes, and the path an execution took painted on top.
import { svg } from './dom.js';

const NODE_H = 46;
const GAP_X = 28;
const GAP_Y = 46;
const PAD = 14;
const HEADER = 30;
const BRANCH_GAP = 18;

function successors(state) {
  const out = [];
  if (state.Next) out.push({ to: state.Next, kind: 'next' });
  for (const [i, choice] of (state.Choices ?? []).entries()) out.push({ to: choice.Next, kind: 'choice', label: choiceLabel(choice, i) });
  if (state.Default) out.push({ to: state.Default, kind: 'default', label: 'Default' });
  for (const c of state.Catch ?? []) out.push({ to: c.Next, kind: 'catch', label: (c.ErrorEquals ?? []).join(', ') });
  return out;
}

function choiceLabel(choice, index) {
  const comparison = Object.keys(choice).find(k => !['Variable', 'Next', 'Comment', 'Assign', 'Output'].includes(k));
  return choice.Variable ? `${choice.Variable} ${comparison} ${JSON.stringify(choice[comparison])}` : `rule ${index + 1}`;
}

export function childScopes(state) {
  if (state.Type === 'Parallel') return state.Branches ?? [];
  if (state.Type === 'Map') return [state.ItemProcessor ?? state.Iterator].filter(Boolean);
  return [];
}

// Every States object of the machine (the top level, then nested branches and processors).
function forEachScope(scope, visit) {
  visit(scope);
  for (const state of Object.values(scope.States ?? {})) {
    for (const child of childScopes(state)) forEachScope(child, visit);
  }
}

// A state is on a compensation path when the execution reaches it by a Catch or a Choice and, from there,
// every way on ends in a Fail state: the work it does undoes or reports, it can no longer succeed.
// The host can name more states (config.json) for machines where that rule is not enough.
export function compensationStates(definition, configured = []) {
  const result = new Set(configured);
  forEachScope(definition, scope => {
    const states = scope.States ?? {};
    const canSucceed = new Set();
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, state] of Object.entries(states)) {
        if (canSucceed.has(name)) continue;
        const endsWell = state.Type === 'Succeed' || (state.End === true && state.Type !== 'Fail');
        if (endsWell || successors(state).some(s => canSucceed.has(s.to))) {
          canSucceed.add(name);
          changed = true;
        }
      }
    }
    const queue = Object.values(states).flatMap(state => successors(state)
      .filter(s => s.kind !== 'next')
      .map(s => s.to));
    const seen = new Set();
    while (queue.length > 0) {
      const name = queue.shift();
      if (seen.has(name) || !states[name] || canSucceed.has(name)) continue;
      seen.add(name);
      result.add(name);
      queue.push(...successors(states[name]).map(s => s.to));
    }
  });
  return result;
}

function textWidth(text, px) {
  return text.length * px * 0.6;
}

function kindOf(state) {
  if (state.Type !== 'Task') return state.Type;
  const resource = String(state.Resource ?? '');
  const integration = resource.match(/^arn:[^:]*:states:::(.+)$/);
  if (integration) return `Task · ${integration[1]}`;
  if (/:lambda:/.test(resource)) return 'Task · lambda';
  return 'Task';
}

// Lays one States object out. Returns positioned nodes (compound ones carrying their inner layouts) and edges.
function layoutScope(scope) {
  const states = scope.States ?? {};
  const names = Object.keys(states);
  const edges = names.flatMap(from => successors(states[from]).filter(s => states[s.to]).map(s => ({ from, ...s })));
  const outgoing = name => edges.filter(e => e.from === name);

  // Depth-first from StartAt: the finishing order gives a topological order once the edges that close loops are set aside.
  const mark = new Map();
  const finished = [];
  const visit = name => {
    mark.set(name, 'open');
    for (const edge of outgoing(name)) {
      const m = mark.get(edge.to);
      if (m === 'open') edge.back = true;
      else if (!m) visit(edge.to);
    }
    mark.set(name, 'done');
    finished.push(name);
  };
  if (states[scope.StartAt]) visit(scope.StartAt);
  for (const name of names) if (!mark.has(name)) visit(name);
  const order = finished.reverse();

  const layer = new Map(order.map(n => [n, 0]));
  for (const name of order) {
    for (const edge of outgoing(name)) {
      if (!edge.back) layer.set(edge.to, Math.max(layer.get(edge.to), layer.get(name) + 1));
    }
  }

  const nodes = new Map(order.map(name => [name, sizeNode(name, states[name])]));
  const layers = [];
  for (const name of order) (layers[layer.get(name)] ??= []).push(nodes.get(name));

  // Order each layer by where its predecessors sit (barycentre), which keeps most edges short and uncrossed.
  const position = new Map();
  const place = () => layers.forEach(row => row.forEach((n, i) => position.set(n.name, i / Math.max(1, row.length - 1))));
  place();
  for (let sweep = 0; sweep < 3; sweep++) {
    for (const row of layers.slice(1)) {
      const centre = n => {
        const preds = edges.filter(e => e.to === n.name && !e.back).map(e => position.get(e.from));
        return preds.length ? preds.reduce((a, b) => a + b, 0) / preds.length : position.get(n.name);
      };
      const keys = new Map(row.map(n => [n, centre(n)]));
      row.sort((a, b) => keys.get(a) - keys.get(b));
      row.forEach((n, i) => position.set(n.name, i / Math.max(1, row.length - 1)));
    }
  }

  // Each state goes under the middle of its predecessors, then overlaps in its row are pushed apart; this keeps
  // the main path straight instead of centring every row on its own.
  const centre = n => n.x + n.w / 2;
  let y = 0;
  for (const row of layers) {
    let previousRight = -Infinity;
    let drift = 0;
    for (const n of row) {
      const preds = edges.filter(e => e.to === n.name && !e.back).map(e => nodes.get(e.from)).filter(p => p.x !== undefined);
      const wanted = preds.length ? preds.reduce((sum, p) => sum + centre(p), 0) / preds.length - n.w / 2 : 0;
      n.x = Math.max(wanted, previousRight + GAP_X);
      drift += n.x - wanted;
      n.y = y;
      n.layer = layer.get(n.name);
      previousRight = n.x + n.w;
    }
    // Pushing apart only ever moves right; move the row back so it stays centred where it wants to be.
    for (const n of row) n.x -= drift / row.length;
    y += Math.max(...row.map(n => n.h)) + GAP_Y;
  }
  const left = Math.min(...order.map(name => nodes.get(name).x));
  for (const n of nodes.values()) n.x -= left;
  const width = Math.max(120, ...[...nodes.values()].map(n => n.x + n.w));
  return { nodes: [...nodes.values()], edges, width, height: Math.max(0, y - GAP_Y), startAt: scope.StartAt };
}

function sizeNode(name, state) {
  const children = childScopes(state).map(layoutScope);
  const labelWidth = Math.max(textWidth(name, 13), textWidth(kindOf(state), 11)) + 36;
  if (children.length === 0) {
    return { name, state, w: Math.min(Math.max(130, labelWidth), 300), h: NODE_H };
  }
  const inner = children.reduce((sum, c) => sum + c.width + 2 * PAD, 0) + BRANCH_GAP * (children.length - 1);
  const innerHeight = Math.max(...children.map(c => c.height + 2 * PAD));
  return { name, state, children, w: Math.max(inner + 2 * PAD, labelWidth), h: HEADER + innerHeight + PAD };
}

function edgePath(edge, from, to) {
  const sx = from.x + from.w / 2;
  const sy = from.y + from.h;
  const tx = to.x + to.w / 2;
  const ty = to.y;
  if (to.layer <= from.layer) {
    // A loop back up: leave and arrive on the right so it does not cut through the states between.
    const right = Math.max(from.x + from.w, to.x + to.w) + 30;
    return `M ${from.x + from.w} ${from.y + from.h / 2} C ${right} ${from.y + from.h / 2}, ${right} ${to.y + to.h / 2}, ${to.x + to.w} ${to.y + to.h / 2}`;
  }
  const bend = edge.kind === 'catch' ? 26 : 0;
  const dy = Math.max(24, (ty - sy) / 2);
  return `M ${sx + bend / 2} ${sy} C ${sx + bend} ${sy + dy}, ${tx + bend} ${ty - dy}, ${tx} ${ty}`;
}

function edgeMidpoint(from, to) {
  return { x: (from.x + from.w / 2 + to.x + to.w / 2) / 2 + 14, y: (from.y + from.h + to.y) / 2 };
}

function renderScope(layout, ctx) {
  const byName = new Map(layout.nodes.map(n => [n.name, n]));
  const edgeGroup = svg('g', { class: 'edges' });
  for (const edge of layout.edges) {
    const from = byName.get(edge.from);
    const to = byName.get(edge.to);
    const taken = ctx.taken.get(`${edge.from}->${edge.to}`);
    // When a Next and a Catch lead to the same state, the one taken is the one whose kind matches how the state left.
    const isTaken = taken && (edge.kind === 'catch' ? taken.caught.length > 0 : taken.normal > 0);
    const path = svg('path', {
      d: edgePath(edge, from, to),
      class: ['edge', `edge-${edge.kind}`, isTaken && 'taken'],
      'data-testid': 'graph-edge',
      'data-from': edge.from,
      'data-to': edge.to,
      'data-kind': edge.kind,
      'data-taken': isTaken ? 'true' : 'false',
      'marker-end': `url(#${ctx.id}-${isTaken ? 'arrow-taken' : 'arrow'})`,
    }, svg('title', {}, `${edge.from} → ${edge.to}${edge.label ? ` (${edge.kind}: ${edge.label})` : ''}`));
    edgeGroup.append(path);
    if (isTaken && edge.kind === 'catch') {
      const mid = edgeMidpoint(from, to);
      const text = [...new Set(taken.caught.map(c => c?.error ?? 'error'))].join(', ');
      edgeGroup.append(svg('g', { class: 'edge-label caught', 'data-testid': 'caught-error', 'data-from': edge.from, transform: `translate(${mid.x} ${mid.y})` },
        svg('rect', { x: -4, y: -13, width: textWidth(text, 11) + 10, height: 18, rx: 4 }),
        svg('text', { x: 1, y: 0 }, text)));
    }
  }

  const nodeGroup = svg('g', { class: 'nodes' });
  for (const node of layout.nodes) nodeGroup.append(renderNode(node, ctx, node.name === layout.startAt));
  return svg('g', {}, edgeGroup, nodeGroup);
}

function renderNode(node, ctx, isStart) {
  const summary = ctx.analysis?.states.get(node.name);
  const compensation = ctx.compensation.has(node.name);
  const retries = summary?.retries ?? 0;
  const status = summary?.status;
  const classes = ['node', `type-${node.state.Type.toLowerCase()}`, summary && 'visited', compensation && 'compensation',
    status && `status-${status}`, ctx.selected === node.name && 'selected', node.children && 'group'];
  const title = [`${node.name} (${kindOf(node.state)})`,
    summary ? `visited ${summary.visits.length}×, last ${status}` : 'not visited',
    retries ? `${retries} retr${retries === 1 ? 'y' : 'ies'}` : null,
    compensation ? 'compensation path' : null,
    node.state.Comment ?? null].filter(Boolean).join('\n');
  const g = svg('g', {
    class: classes,
    transform: `translate(${node.x} ${node.y})`,
    'data-testid': node.children ? 'graph-group' : 'graph-node',
    'data-state': node.name,
    'data-type': node.state.Type,
    'data-visited': summary ? 'true' : 'false',
    'data-compensation': compensation ? 'true' : 'false',
    'data-status': status ?? 'not-visited',
    'data-retries': retries,
    tabindex: 0,
    role: 'button',
    'aria-label': title.replaceAll('\n', ', '),
  }, svg('title', {}, title));

  if (node.children) {
    g.append(svg('rect', { class: 'box', width: node.w, height: node.h, rx: 10 }),
      svg('text', { class: 'name', x: 12, y: 20 }, node.name),
      svg('text', { class: 'kind', x: node.w - 12, y: 20, 'text-anchor': 'end' }, node.state.Type === 'Map' ? 'Map · each item' : `Parallel · ${node.children.length} branches`));
    let x = PAD;
    for (const child of node.children) {
      const inner = svg('g', { class: 'branch', transform: `translate(${x} ${HEADER})` },
        svg('rect', { class: 'branch-box', width: child.width + 2 * PAD, height: child.height + 2 * PAD, rx: 8 }),
        svg('g', { transform: `translate(${PAD} ${PAD})` }, renderScope(child, ctx)));
      g.append(inner);
      x += child.width + 2 * PAD + BRANCH_GAP;
    }
  } else {
    const rx = node.state.Type === 'Choice' ? 22 : ['Succeed', 'Fail'].includes(node.state.Type) ? 23 : 6;
    g.append(svg('rect', { class: 'box', width: node.w, height: node.h, rx }),
      svg('text', { class: 'name', x: node.w / 2, y: 20, 'text-anchor': 'middle' }, node.name),
      svg('text', { class: 'kind', x: node.w / 2, y: 36, 'text-anchor': 'middle' }, kindOf(node.state)));
  }
  if (isStart) {
    g.append(svg('circle', { class: 'start-dot', cx: node.w / 2, cy: -10, r: 4 }));
  }
  if (retries > 0) {
    const label = `↻ ${retries}`;
    g.append(svg('g', { class: 'retry-badge', 'data-testid': 'retry-badge', transform: `translate(${node.w - 16} -9)` },
      svg('rect', { x: -textWidth(label, 11) / 2 - 6, y: 0, width: textWidth(label, 11) + 12, height: 18, rx: 9 }),
      svg('text', { x: 0, y: 13, 'text-anchor': 'middle' }, label)));
  }
  return g;
}

let graphCount = 0;

// analysis: the result of history.analyze, or null to draw the definition alone.
export function renderGraph(definition, { analysis = null, compensation = new Set(), selected = null, onSelect = () => {} } = {}) {
  const layout = layoutScope(definition);
  const taken = new Map();
  for (const edge of analysis?.edges ?? []) {
    const key = `${edge.from}->${edge.to}`;
    const entry = taken.get(key) ?? { normal: 0, caught: [] };
    if (edge.caught) entry.caught.push(edge.caught);
    else entry.normal++;
    taken.set(key, entry);
  }
  const id = `g${++graphCount}`;
  const margin = 24;
  const width = layout.width + 2 * margin + 40;
  const height = layout.height + 2 * margin;
  const marker = (name, cls) => svg('marker', { id: `${id}-${name}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }));
  const root = svg('svg', {
    class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, 'data-testid': 'graph-svg', role: 'img',
    'aria-label': 'State machine graph',
  },
  svg('defs', {}, marker('arrow', 'arrow'), marker('arrow-taken', 'arrow taken')),
  svg('g', { transform: `translate(${margin} ${margin})` }, renderScope(layout, { id, analysis, compensation, taken, selected })));

  const select = target => {
    const node = target.closest?.('[data-state]');
    if (node) onSelect(node.getAttribute('data-state'));
  };
  root.addEventListener('click', e => select(e.target));
  root.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(e.target);
    }
  });
  return root;
}
