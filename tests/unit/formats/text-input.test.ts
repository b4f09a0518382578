import { Readable } from 'node:stream';
import fc from 'fast-check';
import {
  createNewlineNormalizer,
  normalizeNewlines,
  openText,
  splitLines,
  type OpenTextResult,
} from '../../../src/formats';
import { bytes } from './collect';

async function readAll(result: OpenTextResult): Promise<string> {
  if (result.kind !== 'text') throw new Error(`expected text, got ${JSON.stringify(result)}`);
  const parts: Buffer[] = [];
  for await (const chunk of result.chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

async function* chunksOf(...pieces: string[]): AsyncGenerator<Buffer> {
  for (const p of pieces) yield Buffer.from(p, 'utf8');
}

describe('openText', () => {
  it('strips a UTF-8 BOM and normalises CRLF and lone CR to LF', async () => {
    const opened = await openText(bytes(Buffer.from([0xef, 0xbb, 0xbf]), 'a;b\r\n1;2\r3;4\n'));
    expect(opened).toMatchObject({
      kind: 'text',
      encoding: 'utf-8',
      head: 'a;b\n1;2\n3;4\n',
      headIsWholeFile: true,
    });
    expect(await readAll(opened)).toBe('a;b\n1;2\n3;4\n');
  });

  it('decodes UTF-16 (Excel "Unicode text") by its BOM, and without one by its NUL pattern', async () => {
    const text = 'meter\tvalue\r\nZähler-1\t5\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const leOpened = await openText(bytes(le));
    expect(leOpened).toMatchObject({ kind: 'text', encoding: 'utf-16le' });
    expect(await readAll(leOpened)).toBe('meter\tvalue\nZähler-1\t5\n');

    const be = Buffer.from(text, 'utf16le').swap16();
    const beOpened = await openText(bytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(await readAll(beOpened)).toBe('meter\tvalue\nZähler-1\t5\n');

    const noBom = await openText(bytes(Buffer.from('meter,value\r\nM1,5\r\n', 'utf16le')));
    expect(noBom).toMatchObject({ kind: 'text', encoding: 'utf-16le' });
    expect(await readAll(noBom)).toBe('meter,value\nM1,5\n');
  });

  it('reads Windows-1252 when the file is not valid UTF-8, or when told to', async () => {
    const latin1 = Buffer.from([
      ...Buffer.from('Z'),
      0xe4,
      ...Buffer.from('hler;m'),
      0xb3,
      ...Buffer.from(';'),
      0x80,
      0x0a,
    ]);
    const auto = await openText(bytes(latin1));
    expect(auto).toMatchObject({ kind: 'text', encoding: 'windows-1252' });
    expect(await readAll(auto)).toBe('Zähler;m³;€\n');

    const forced = await openText(bytes(Buffer.from('Zähler\n', 'latin1')), { encoding: 'windows-1252' });
    expect(await readAll(forced)).toBe('Zähler\n');

    const utf8 = await openText(bytes('Zähler;m³\n'));
    expect(utf8).toMatchObject({ kind: 'text', encoding: 'utf-8' });
    expect(await readAll(utf8)).toBe('Zähler;m³\n');
  });

  it('keeps a UTF-8 character split across chunks intact', async () => {
    const encoded = Buffer.from('m³;€\n', 'utf8');
    const opened = await openText(
      bytes(encoded.subarray(0, 2), encoded.subarray(2, 6), encoded.subarray(6)),
      {
        headBytes: 1,
      },
    );
    expect(await readAll(opened)).toBe('m³;€\n');
  });

  it('calls an empty, blank or BOM-only file empty', async () => {
    expect(await openText(bytes())).toEqual({ kind: 'empty' });
    expect(await openText(bytes(''))).toEqual({ kind: 'empty' });
    expect(await openText(bytes('\r\n\n  \t\n'))).toEqual({ kind: 'empty' });
    expect(await openText(bytes(Buffer.from([0xef, 0xbb, 0xbf])))).toEqual({ kind: 'empty' });
  });

  it('refuses binary files and names the usual suspects', async () => {
    const fatal = async (buffer: Buffer) => {
      const result = await openText(bytes(buffer));
      if (result.kind !== 'fatal') throw new Error(`expected fatal, got ${result.kind}`);
      return result.error;
    };
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await fatal(garbage)).toBe(
      'This is not a text file: it contains binary data (NUL or control bytes). Upload the CSV/text export itself.',
    );
    expect(await fatal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toMatch(
      /not a text file: it looks like a ZIP archive \(an \.xlsx workbook/,
    );
    expect(await fatal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toMatch(/\.xls/);
    expect(await fatal(Buffer.from('%PDF-1.7\n'))).toMatch(/PDF/);
    expect(await fatal(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))).toMatch(/gzip/);
    expect(await fatal(Buffer.from('meter,value\n\u0000\u0001\n'))).toMatch(/binary data/);
  });

  it('reports a failing source as fatal, not as a crash', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset by peer'));
      },
    });
    expect(await openText(failing)).toEqual({
      kind: 'fatal',
      error: 'The file could not be read: connection reset by peer',
    });
  });

  it('reads lazily and destroys the source when closed early', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced++;
        this.push(Buffer.from('x,y\n'.repeat(4096)));
      },
    });
    const opened = await openText(source, { headBytes: 1024 });
    if (opened.kind !== 'text') throw new Error('expected text');
    expect(opened.headIsWholeFile).toBe(false);
    await opened.close();
    expect(source.destroyed).toBe(true);
    expect(produced).toBeLessThan(5);
  });
});

describe('newline normalisation', () => {
  it('turns CRLF split across chunks into a single LF', () => {
    const normalize = createNewlineNormalizer();
    const out = [Buffer.from('a\r'), Buffer.from('\nb\r'), Buffer.from('c\r\n'), Buffer.from('\r')].map((c) =>
      normalize(c).toString(),
    );
    expect(out.join('')).toBe('a\nb\nc\n\n');
  });

  it('gives the same text however the bytes are chunked (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab\r\n,"]{0,60}$/),
        fc.array(fc.nat(60), { maxLength: 8 }),
        (text, cuts) => {
          const buffer = Buffer.from(text);
          const points = [...new Set(cuts.map((c) => c % (buffer.length + 1)))].sort((a, b) => a - b);
          const normalize = createNewlineNormalizer();
          let from = 0;
          const parts: string[] = [];
          for (const p of [...points, buffer.length]) {
            parts.push(normalize(buffer.subarray(from, p)).toString());
            from = p;
          }
          expect(parts.join('')).toBe(normalizeNewlines(text));
          expect(parts.join('')).not.toContain('\r');
        },
      ),
    );
  });
});

describe('splitLines', () => {
  it('numbers lines across chunk boundaries, keeping blank lines in the count', async () => {
    const lines = [];
    for await (const line of splitLines(chunksOf('10', '0,a\n\n20', '0,b\n300'), 1024)) lines.push(line);
    expect(lines).toEqual([
      { number: 1, text: '100,a' },
      { number: 2, text: '' },
      { number: 3, text: '200,b' },
      { number: 4, text: '300' },
    ]);
  });

  it('reports an over-long line by its head only and carries on after it', async () => {
    async function* hugeLine() {
      yield Buffer.from('100,NEM12\n300,');
      for (let i = 0; i < 160; i++) yield Buffer.alloc(64 * 1024, '9'); // 10 MB without a newline
      yield Buffer.from('\n900\n');
    }
    const lines = [];
    for await (const line of splitLines(hugeLine(), 256 * 1024)) lines.push(line);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({ number: 1, text: '100,NEM12' });
    expect(lines[1]).toMatchObject({ number: 2, tooLong: true, length: 4 + 160 * 64 * 1024 });
    expect(lines[1].tooLong && lines[1].head.startsWith('300,999')).toBe(true);
    expect(lines[1].tooLong && lines[1].head.length).toBeLessThanOrEqual(600);
    expect(lines[2]).toEqual({ number: 3, text: '900' });
  });
});
