// The AWS APIs this page reads, called on the same origin exactly as an SDK would call the local endpoint
// (JSON protocols selected by X-Amz-Target). The local cloud checks no signatures.

const JSON_10 = 'application/x-amz-json-1.0';

export class AwsError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }
}

async function call(target, body, contentType, headers = {}) {
  let response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'X-Amz-Target': target, ...headers },
      body: JSON.stringify(body ?? {}),
    });
  } catch (e) {
    throw new AwsError('NetworkError', `The local cloud did not answer ${target}: ${e.message}. Is it still running?`, 0);
  }

  const text = await response.text();
  let json = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { message: text };
    }
  }

  if (!response.ok) {
    // Services spell the type as "Name" or "com.amazonaws.service#Name".
    const type = String(json.__type ?? response.headers.get('x-amzn-ErrorType') ?? `HTTP ${response.status}`).split('#').pop().split(':')[0];
    throw new AwsError(type, json.message ?? json.Message ?? text, response.status);
  }

  return json;
}

export const sfn = (operation, body) => call(`AWSStepFunctions.${operation}`, body, JSON_10);

export const sqs = (operation, body) => call(`AmazonSQS.${operation}`, body, JSON_10);

// dynalite checks that a SigV4 header is present and well formed, not that the signature is right.
export function dynamodb(operation, body) {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return call(`DynamoDB_20120810.${operation}`, body, JSON_10, {
    'X-Amz-Date': date,
    Authorization: `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
  });
}

// Follows nextToken until the list ends or `limit` items were read.
export async function listAll(operation, request, key, limit = 1000) {
  const items = [];
  let nextToken;
  do {
    const page = await sfn(operation, { ...request, ...(nextToken ? { nextToken } : {}) });
    items.push(...(page[key] ?? []));
    nextToken = page.nextToken;
  } while (nextToken && items.length < limit);
  return items;
}
