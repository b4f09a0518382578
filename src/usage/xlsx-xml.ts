import { invalid, type DomainError } from '../common/errors';

/**
 * A minimal streaming XML tokenizer for the parts of an .xlsx, fed the part's text
 * chunk by chunk.
 *
 * SpreadsheetML is machine-written XML of a known shape, so the readers only need
 * tags (name, a few attributes) and the character data between them. A general
 * XML parser creates an event and an attribute object per tag; at ~4 tags per cell
 * that garbage is what made large uploads grow the heap. Here nothing is allocated
 * per tag: the handler receives the chunk string and indices into it (one reused
 * `XmlTag`), reads names with `isTagNamed` and attributes with `attribute`
 * (one small string per attribute actually read).
 *
 * Chunk edges: a tag (or comment, CDATA section, processing instruction) cut at
 * the end of a chunk is carried over to the next one; character data is handed
 * on as it comes, so an entity may be split between two `text` calls — handlers
 * collect the raw text of an element and decode it (`decodeXmlText`) when it closes.
 *
 * Hostile input: a tag may not exceed `MAX_TAG_CHARS` (the carry is bounded), a
 * DOCTYPE is refused (no entity expansion, no "billion laughs"), and text left
 * inside an unterminated tag at the end is an error — never a hang.
 */
export type XmlTag = {
  /** Index of '<'. */
  start: number;
  /** Index of '>'. */
  end: number;
  /** The local name (after any namespace prefix): text.slice(nameStart, nameEnd). */
  nameStart: number;
  nameEnd: number;
  /** Where the attributes start (just after the qualified name). */
  attributesStart: number;
  closing: boolean;
  selfClosing: boolean;
};

export interface XmlHandler {
  /** A start tag, an end tag or an empty-element tag. */
  tag(text: string, tag: XmlTag): void;
  /** Raw character data (entities not decoded) between `start` and `end`. */
  text(text: string, start: number, end: number): void;
}

/** No real tag comes near this: the longest are `<c …>` with a few attributes or a sheet name of 31 characters. */
export const MAX_TAG_CHARS = 64 * 1024;

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const COLON = 0x3a;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;

const COMMENT = '<!--';
const CDATA = '<![CDATA[';

export class XmlScanner {
  private carry = '';
  private readonly current: XmlTag = {
    start: 0,
    end: 0,
    nameStart: 0,
    nameEnd: 0,
    attributesStart: 0,
    closing: false,
    selfClosing: false,
  };
  /** Set by a handler that has read all it needs: the rest of the part is ignored. */
  stopped = false;

  constructor(
    private readonly handler: XmlHandler,
    /** Names the part in error messages, e.g. "xl/worksheets/sheet1.xml". */
    private readonly part: string,
  ) {}

  push(chunk: string): void {
    if (this.stopped) return;
    let at = 0;
    if (this.carry !== '') {
      at = this.finishCarried(chunk);
      if (at < 0) return;
    }
    const length = chunk.length;
    while (at < length && !this.stopped) {
      const lt = chunk.indexOf('<', at);
      if (lt < 0) {
        this.handler.text(chunk, at, length);
        return;
      }
      if (lt > at) this.handler.text(chunk, at, lt);
      const next = this.markup(chunk, lt);
      if (next < 0) {
        this.keep(chunk.slice(lt));
        return;
      }
      at = next;
    }
  }

  /**
   * Completes the markup carried over from the previous chunk on a short joined
   * string (not carry + the whole chunk, which would copy every chunk once more);
   * answers where to go on in `chunk`, or -1 when the chunk ended inside it too.
   */
  private finishCarried(chunk: string): number {
    const carried = this.carry;
    this.carry = '';
    for (let take = Math.min(chunk.length, 256); ; take = Math.min(chunk.length, take * 4)) {
      const joined = carried + chunk.slice(0, take);
      // `markup` has no effect when it answers -1, so a longer attempt starts clean.
      const next = this.markup(joined, 0);
      if (next >= 0) return next - carried.length;
      if (take === chunk.length) {
        this.keep(joined);
        return -1;
      }
    }
  }

  /** The part has ended: anything carried over is an unterminated tag. */
  end(): void {
    if (!this.stopped && this.carry !== '') throw this.damaged('it ends inside a tag');
  }

  damaged(reason: string): DomainError {
    return invalid(
      `The workbook could not be read: its part "${this.part}" is not well-formed XML (${reason})`,
    );
  }

  private keep(rest: string): void {
    if (rest.length > MAX_TAG_CHARS) throw this.damaged(`a tag is longer than ${MAX_TAG_CHARS} characters`);
    this.carry = rest;
  }

  /** Handles the markup starting at `lt`; returns the index after it, or -1 when it is not complete yet. */
  private markup(text: string, lt: number): number {
    const second = text.charCodeAt(lt + 1);
    if (Number.isNaN(second)) return -1;
    if (second === BANG) return this.declaration(text, lt);
    if (second === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    const gt = tagEnd(text, lt + 1);
    if (gt < 0) return -1;
    const tag = this.current;
    tag.start = lt;
    tag.end = gt;
    tag.closing = second === SLASH;
    tag.selfClosing = !tag.closing && text.charCodeAt(gt - 1) === SLASH;
    let nameStart = tag.closing ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    for (; nameEnd < gt; nameEnd++) {
      const code = text.charCodeAt(nameEnd);
      if (code <= 0x20 || code === SLASH || code === GT) break;
      if (code === COLON) nameStart = nameEnd + 1;
    }
    tag.nameStart = nameStart;
    tag.nameEnd = nameEnd;
    tag.attributesStart = nameEnd;
    this.handler.tag(text, tag);
    return gt + 1;
  }

  /** `<!--…-->`, `<![CDATA[…]]>`; a DOCTYPE (or anything else after `<!`) is refused. */
  private declaration(text: string, lt: number): number {
    const available = text.length - lt;
    if (text.startsWith(COMMENT, lt)) {
      const end = text.indexOf('-->', lt + COMMENT.length);
      return end < 0 ? -1 : end + 3;
    }
    if (text.startsWith(CDATA, lt)) {
      const end = text.indexOf(']]>', lt + CDATA.length);
      if (end < 0) return -1;
      // CDATA content is literal: hand it on escaped, so the handler's decoding gives it back unchanged.
      const literal = text
        .slice(lt + CDATA.length, end)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;');
      this.handler.text(literal, 0, literal.length);
      return end + 3;
    }
    // Too short yet to tell a comment, a CDATA section and a DOCTYPE apart.
    if (available < CDATA.length) return -1;
    const head = text.slice(lt, lt + CDATA.length);
    if (/^<!DOCTYPE/i.test(head)) throw this.damaged('it declares a DOCTYPE, which spreadsheets never do');
    throw this.damaged(`unexpected "${head}"`);
  }
}

/** The '>' ending the tag whose name starts at `from`, skipping quoted attribute values; -1 if not in `text` yet. */
function tagEnd(text: string, from: number): number {
  let at = from;
  for (;;) {
    const gt = text.indexOf('>', at);
    if (gt < 0) return -1;
    // Fast path: no quote before the '>' means no attribute value can hide it.
    const quote = firstQuote(text, at, gt);
    if (quote < 0) return gt;
    const close = text.indexOf(text[quote], quote + 1);
    if (close < 0) return -1;
    at = close + 1;
  }
}

function firstQuote(text: string, from: number, before: number): number {
  for (let i = from; i < before; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE || code === APOSTROPHE) return i;
  }
  return -1;
}

/** Whether the tag's local name is `name`. */
export function isTagNamed(text: string, tag: XmlTag, name: string): boolean {
  return tag.nameEnd - tag.nameStart === name.length && text.startsWith(name, tag.nameStart);
}

/**
 * The raw value of attribute `name` (a local name: `r:id` matches "id" only when
 * asked for "id" and `prefixed` is true), or undefined. Entities are not decoded.
 */
export function attribute(text: string, tag: XmlTag, name: string, prefixed = false): string | undefined {
  const start = findAttribute(text, tag, name, prefixed);
  return start < 0 ? undefined : text.slice(start, attributeEnd(text, start));
}

/** Where the value of attribute `name` starts in `text` (after its quote), or -1 — for reading it in place. */
export function findAttribute(text: string, tag: XmlTag, name: string, prefixed = false): number {
  let at = tag.attributesStart;
  const end = tag.end;
  while (at < end) {
    // Skip whitespace to the attribute's name.
    let code = text.charCodeAt(at);
    if (code <= 0x20) {
      at++;
      continue;
    }
    if (code === SLASH || code === GT) return -1;
    const nameStart = at;
    let localStart = at;
    while (at < end) {
      code = text.charCodeAt(at);
      if (code <= 0x20 || code === EQUALS) break;
      if (code === COLON) localStart = at + 1;
      at++;
    }
    const nameEnd = at;
    while (at < end && text.charCodeAt(at) !== EQUALS) at++;
    at++;
    while (at < end && text.charCodeAt(at) <= 0x20) at++;
    const quote = text.charCodeAt(at);
    if (quote !== QUOTE && quote !== APOSTROPHE) return -1;
    const valueEnd = text.indexOf(text[at], at + 1);
    if (valueEnd < 0 || valueEnd > end) return -1;
    const matches =
      nameEnd - localStart === name.length &&
      text.startsWith(name, localStart) &&
      (prefixed ? localStart > nameStart : localStart === nameStart);
    if (matches) return at + 1;
    at = valueEnd + 1;
  }
  return -1;
}

/** The index of the quote closing the attribute value that starts at `start`. */
export function attributeEnd(text: string, start: number): number {
  return text.indexOf(text[start - 1], start);
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g;
/** OOXML's escape for characters XML can't carry (ST_Xstring), e.g. `_x000D_` for a carriage return. */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes XML character data or an attribute value: the five named entities and
 * numeric references `&#…;` / `&#x…;`. An unknown entity or an impossible code
 * point is kept as written (the file is wrong; showing the text beats refusing it).
 */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) !== 0x23 /* # */) return NAMED_ENTITIES[body] ?? whole;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Text of a cell or shared string: XML decoding, then OOXML's `_xHHHH_` escapes (`_x005F_` escapes "_"). */
export function decodeCellText(raw: string): string {
  const text = decodeXmlText(raw);
  if (text.indexOf('_x') < 0) return text;
  return text.replace(OOXML_ESCAPE, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
