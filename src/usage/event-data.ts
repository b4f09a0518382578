import { accept, kindOf, refuse, type FieldResult } from './field-value';

/**
 * EventDataJ: "a JSON record with additional per device values" (guide). A record
 * means a JSON object; arrays and scalars are refused so that whoever reads the
 * column later can always address `eventData.someKey`.
 *
 * It arrives as JSON text (query string, CSV cell, a JSON body that quotes it) or
 * as an object (a JSON body). Either way it is re-serialised and parsed back, so the
 * stored value is exactly its JSON (undefined, functions and other non-JSON leave).
 *
 * Limits: 16 KB serialised (UTF-8) — it rides in every row of a bulk table — and
 * nesting depth 32, far below MySQL's JSON depth limit of 100 and deep enough for
 * any device payload.
 *
 * Large integers inside it follow JSON's rules: beyond 2^53 − 1 a number loses
 * precision when parsed, so devices should send such values as strings.
 */
export const EVENT_DATA_MAX_BYTES = 16 * 1024;
export const EVENT_DATA_MAX_DEPTH = 32;

const EXAMPLE = 'like {"pressure": 3.2}';

export type EventData = Record<string, unknown>;

export function readEventData(value: unknown): FieldResult<EventData | null> {
  if (value === undefined || value === null) return accept(null);
  if (typeof value === 'string') return readEventDataText(value);
  if (Array.isArray(value)) return refuse(`must be a JSON object ${EXAMPLE}, not an array`);
  if (typeof value !== 'object') return refuse(`must be a JSON object ${EXAMPLE}, not ${kindOf(value)}`);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // A JSON body nested thousands deep overflows JSON.stringify's stack: say what is wrong with it.
    const problem = error instanceof RangeError ? structureProblem(value) : undefined;
    if (problem) return refuse(problem);
    // Cycles and BigInts: only reachable from code, never from a JSON body.
    return refuse('cannot be written as JSON (it contains a cycle or a BigInt)');
  }
  return readEventDataText(text);
}

function readEventDataText(raw: string): FieldResult<EventData> {
  const text = raw.trim();
  if (text === '') return refuse(`is empty; leave the field out or send a JSON object ${EXAMPLE}`);
  // Measure before parsing: a 50 MB string is refused without building 50 MB of objects.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > EVENT_DATA_MAX_BYTES) return tooLarge(bytes);

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refuse(`is not valid JSON (${(error as Error).message}); send a JSON object ${EXAMPLE}`);
  }
  if (parsed === null || typeof parsed !== 'object')
    return refuse(`must be a JSON object ${EXAMPLE}, not ${kindOf(parsed)}`);
  if (Array.isArray(parsed)) return refuse(`must be a JSON object ${EXAMPLE}, not an array`);

  const problem = structureProblem(parsed);
  if (problem) return refuse(problem);
  // Compact form: whitespace in the sender's text must not count against them twice.
  const compact = JSON.stringify(parsed);
  if (Buffer.byteLength(compact, 'utf8') > EVENT_DATA_MAX_BYTES)
    return tooLarge(Buffer.byteLength(compact, 'utf8'));
  return accept(parsed as EventData);
}

function tooLarge(bytes: number): FieldResult<never> {
  return refuse(`is too large: ${bytes} bytes, at most ${EVENT_DATA_MAX_BYTES} bytes (16 KB) are allowed`);
}

/**
 * Depth, and the one key we refuse: "__proto__". JSON.parse makes it a harmless own
 * property, but any later `Object.assign` or spread-into-object of this data would
 * turn it into a prototype change. Iterative, so a hostile nesting can't overflow the stack.
 */
function structureProblem(root: object): string | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > EVENT_DATA_MAX_DEPTH)
      return `is nested too deeply: at most ${EVENT_DATA_MAX_DEPTH} levels are allowed`;
    if (Array.isArray(node)) {
      for (const item of node) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === '__proto__') return 'may not use the key "__proto__"';
      stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return undefined;
}
