/**
 * Checks on a request body's text before any parser sees it (server/http/body-checks.ts).
 * Pure, so the rules are unit-tested without Strapi.
 */

/**
 * Byte offset of the first byte that is not part of a well-formed UTF-8 character, or -1.
 * Overlong forms, surrogates (U+D800–U+DFFF) and code points above U+10FFFF count as
 * malformed, as in the WHATWG decoder that would otherwise turn them into U+FFFD.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    if (i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** A key that names a property of Object.prototype (`__proto__`, `constructor`, `toString` …). */
export const isPrototypeName = (name: string): boolean => name !== '' && name in Object.prototype;

/**
 * The path to the first key of a parsed JSON value that a JavaScript object would not keep
 * as data: `__proto__` (an assignment or spread of it changes the prototype), or
 * `constructor.prototype`. Strapi's JSON parser refuses both with a bare "forbidden
 * prototype property"; finding the path here lets the answer name the batch item.
 * Iterative, so a body nested thousands deep can't overflow the stack.
 */
export function prototypeKeyPath(root: unknown): string[] | null {
  // Each entry points at its parent instead of copying its path: linear in the body's size
  // even for a body that is one long chain.
  type Entry = { node: unknown; key: string; parent: Entry | null };
  const pathOf = (entry: Entry | null, tail: string[]) => {
    const path = tail;
    for (let at = entry; at && at.parent; at = at.parent) path.unshift(at.key);
    return path;
  };
  const stack: Entry[] = [{ node: root, key: '', parent: null }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { node } = entry;
    if (node === null || typeof node !== 'object') continue;
    const entries = Array.isArray(node)
      ? node.map((value, index): [string, unknown] => [String(index), value])
      : Object.entries(node);
    for (const [key, value] of entries) {
      if (key === '__proto__') return pathOf(entry, [key]);
      if (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value)
        return pathOf(entry, [key, 'prototype']);
      stack.push({ node: value, key, parent: entry });
    }
  }
  return null;
}

/**
 * Whether JSON text could hold a key prototypeKeyPath looks for: false only when it
 * spells neither `__proto__` nor `constructor` and has no `\u` escape (a key's
 * letters are written as themselves or as `\uXXXX`, nothing else). Three substring
 * searches instead of a parse and a walk: a 1,000-record batch is parsed once less.
 */
export function mayHoldPrototypeKey(json: string): boolean {
  return json.includes('__proto__') || json.includes('constructor') || json.includes('\\u');
}

/** `['data', '1', '__proto__']` → `data[1].__proto__`. */
export function formatPath(path: readonly string[]): string {
  return path.reduce(
    (text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}
