// DynamoDB's typed JSON ({"S": "x"}, {"N": "1"}, {"M": {...}}) to the plain values people read.

function number(text) {
  const n = Number(text);
  // Keep the text when a double would change it (DynamoDB numbers have 38 digits).
  return String(n) === text ? n : text;
}

export function fromAttribute(attribute) {
  const [type, value] = Object.entries(attribute ?? {})[0] ?? ['NULL', true];
  switch (type) {
    case 'S': return value;
    case 'N': return number(value);
    case 'BOOL': return value;
    case 'NULL': return null;
    case 'B': return `<binary ${value.length} base64 chars>`;
    case 'M': return fromItem(value);
    case 'L': return value.map(fromAttribute);
    case 'SS': return [...value];
    case 'NS': return value.map(number);
    case 'BS': return value.map(b => `<binary ${b.length} base64 chars>`);
    default: return attribute;
  }
}

export function fromItem(item) {
  return Object.fromEntries(Object.entries(item ?? {}).map(([k, v]) => [k, fromAttribute(v)]));
}
