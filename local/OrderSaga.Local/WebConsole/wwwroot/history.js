// Reads an execution history (GetExecutionHistory events) into state visits: which states ran, in what order,
// how many attempts each took, which errors were caught and which transitions were taken.
// Events are linked by previousEventId within one branch, so this works for interleaved Parallel and Map branches too.

const TASK_SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const TASK_FAILED = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;
const TASK_SUCCEEDED = /^(Task|LambdaFunction|Activity)Succeeded$/;

export function detailsOf(event) {
  const key = Object.keys(event).find(k => k.endsWith('EventDetails'));
  return key ? event[key] : undefined;
}

export function analyze(events) {
  const byId = new Map(events.map(e => [e.id, e]));
  const visitOf = new Map();
  const visits = [];
  const edges = [];
  const start = events[0]?.timestamp;

  for (const event of events) {
    const type = event.type;
    const details = detailsOf(event) ?? {};
    let visit;
    if (type.endsWith('StateEntered')) {
      visit = {
        name: details.name,
        stateType: type.slice(0, -'StateEntered'.length),
        enteredId: event.id,
        enteredAt: event.timestamp,
        input: details.input,
        attempts: 0,
        failures: [],
        status: 'running',
      };
      visits.push(visit);
      const previous = byId.get(event.previousEventId);
      const before = visitOf.get(event.previousEventId);
      if (previous?.type.endsWith('StateExited') && before) {
        visit.from = before.name;
        visit.parent = before.parent;
        edges.push({ from: before.name, to: visit.name, caught: before.caught ? before.lastFailure : undefined });
      } else if (before && before.exitedId === undefined) {
        // The first state of a Parallel branch or a Map iteration follows an event of the state that contains it.
        visit.parent = before;
      }
    } else if (!type.startsWith('Execution')) {
      // After the last state of a branch or iteration exits, the events that follow belong to the containing state.
      visit = visitOf.get(event.previousEventId);
      while (visit?.exitedId !== undefined) {
        visit = visit.parent;
      }
    }

    if (!visit) {
      continue;
    }

    visitOf.set(event.id, visit);
    if (TASK_SCHEDULED.test(type) || type === 'ParallelStateStarted' || type === 'MapStateStarted') {
      visit.attempts++;
    } else if (TASK_FAILED.test(type) || type === 'ParallelStateFailed' || type === 'MapStateFailed') {
      visit.lastFailure = { error: details.error ?? (type.endsWith('TimedOut') ? 'States.Timeout' : type), cause: details.cause };
      visit.failures.push(visit.lastFailure);
      visit.failedLast = true;
    } else if (TASK_SUCCEEDED.test(type) || type === 'ParallelStateSucceeded' || type === 'MapStateSucceeded') {
      visit.failedLast = false;
    } else if (type.endsWith('StateExited')) {
      visit.exitedId = event.id;
      visit.exitedAt = event.timestamp;
      visit.output = details.output;
      // A state that exits after its last attempt failed left through a Catch.
      visit.caught = visit.failedLast === true;
      visit.status = visit.caught ? 'caught' : 'succeeded';
    }
  }

  const last = events.at(-1);
  const ended = last && /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(last.type);
  if (ended) {
    const endStatus = last.type === 'ExecutionAborted' ? 'aborted' : 'failed';
    for (const visit of visits) {
      if (visit.status === 'running') {
        visit.status = endStatus;
      }
    }
  }

  const states = new Map();
  for (const visit of visits) {
    const summary = states.get(visit.name) ?? { name: visit.name, visits: [], retries: 0, caught: [] };
    summary.visits.push(visit);
    summary.retries += Math.max(0, visit.attempts - 1);
    if (visit.caught) {
      summary.caught.push(visit.lastFailure);
    }
    summary.status = visit.status;
    states.set(visit.name, summary);
  }

  return {
    start,
    visits,
    edges,
    states,
    stateOfEvent: id => visitOf.get(id)?.name,
    running: !ended,
  };
}
