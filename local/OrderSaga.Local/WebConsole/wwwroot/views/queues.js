import { sqs } from '../api.js';
import { breadcrumb, formatTime, h, link, notice } from '../dom.js';
import { jsonView } from '../jsonview.js';

const nameOf = url => url.split('/').pop();

async function attributesOf(url) {
  const { Attributes } = await sqs('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
  return Attributes ?? {};
}

export async function queuesView(root) {
  const { QueueUrls = [] } = await sqs('ListQueues', {});
  const queues = await Promise.all(QueueUrls.map(async url => ({ url, name: nameOf(url), attributes: await attributesOf(url) })));
  // A queue is a dead-letter queue when another queue's redrive policy points at it.
  const deadLetterArns = new Set(queues.map(q => q.attributes.RedrivePolicy).filter(Boolean).map(p => JSON.parse(p).deadLetterTargetArn));
  root.append(
    breadcrumb('Queues'),
    h('h1', {}, 'Queues'),
    queues.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'empty' }, 'No queues.')
      : h('table', { class: 'grid', 'data-testid': 'queues-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'num' }, 'Messages available'),
          h('th', { scope: 'col', class: 'num' }, 'In flight'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Created'))),
        h('tbody', {}, queues.map(q => h('tr', { 'data-testid': 'queue-row', 'data-name': q.name },
          h('td', {}, link(`#/queues/${encodeURIComponent(q.url)}`, q.name)),
          h('td', { class: ['num', Number(q.attributes.ApproximateNumberOfMessages) > 0 && 'has-messages'], 'data-testid': 'queue-count' }, q.attributes.ApproximateNumberOfMessages ?? '?'),
          h('td', { class: 'num' }, q.attributes.ApproximateNumberOfMessagesNotVisible ?? '?'),
          h('td', {}, deadLetterArns.has(q.attributes.QueueArn) ? h('span', { class: 'badge status-failed' }, 'dead-letter queue')
            : q.attributes.RedrivePolicy ? `redrives to ${nameOf(JSON.parse(q.attributes.RedrivePolicy).deadLetterTargetArn.replaceAll(':', '/'))}` : ''),
          h('td', {}, formatTime(Number(q.attributes.CreatedTimestamp))))))));
}

export async function queueView(root, [url]) {
  const attributes = await attributesOf(url);
  const list = h('div', { class: 'messages', 'data-testid': 'messages' });
  // Receiving with a zero visibility timeout leaves the messages visible to their consumers; it still counts as a
  // receive, which matters only on a queue that sends messages to a dead-letter queue after some receives.
  const peek = async () => {
    const { Messages = [] } = await sqs('ReceiveMessage', {
      QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0,
      AttributeNames: ['All'], MessageAttributeNames: ['All'],
    });
    list.replaceChildren(...(Messages.length === 0
      ? [h('p', { class: 'empty', 'data-testid': 'empty' }, 'No visible messages.')]
      : Messages.map(m => h('article', { class: 'message', 'data-testid': 'message', 'data-message-id': m.MessageId },
        h('header', {}, h('code', {}, m.MessageId), ' ',
          h('span', { class: 'muted' }, `sent ${formatTime(Number(m.Attributes?.SentTimestamp) / 1000)}, received ${m.Attributes?.ApproximateReceiveCount ?? '?'}×`)),
        jsonView(m.Body, { testId: 'message-body', openDepth: 2 }),
        m.MessageAttributes && Object.keys(m.MessageAttributes).length ? [h('h4', {}, 'Message attributes'), jsonView(m.MessageAttributes, { openDepth: 1 })] : null))));
  };
  const button = h('button', { type: 'button', 'data-testid': 'peek' }, 'Peek at messages');
  button.addEventListener('click', peek);
  root.append(
    breadcrumb(['#/queues', 'Queues'], nameOf(url)),
    h('h1', {}, nameOf(url)),
    h('dl', { class: 'facts wide' },
      h('dt', {}, 'URL'), h('dd', {}, h('code', {}, url)),
      h('dt', {}, 'Messages'), h('dd', { 'data-testid': 'queue-count' }, attributes.ApproximateNumberOfMessages ?? '?'),
      h('dt', {}, 'In flight'), h('dd', {}, attributes.ApproximateNumberOfMessagesNotVisible ?? '?'),
      attributes.RedrivePolicy ? [h('dt', {}, 'Redrive policy'), h('dd', {}, h('code', {}, attributes.RedrivePolicy))] : null),
    h('div', { class: 'toolbar' }, button, h('span', { class: 'muted' }, 'Shows up to 10 messages without hiding them from consumers.')),
    attributes.RedrivePolicy ? notice('info', 'Peeking counts as a receive: on this queue it counts towards the redrive policy\'s maxReceiveCount.') : null,
    list);
  if (!attributes.RedrivePolicy) {
    await peek();
  }
}
