import fc from 'fast-check';
import { MultipartNameScanner } from '../../../server/http/multipart-names';

/** A multipart/form-data body as a browser writes it. */
function body(boundary: string, parts: Array<{ name: string; file?: string; content: string }>): Buffer {
  const text = parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"` +
        (p.file ? `; filename="${p.file}"\r\nContent-Type: text/csv` : '') +
        `\r\n\r\n${p.content}\r\n`,
    )
    .join('');
  return Buffer.from(`${text}--${boundary}--\r\n`);
}

const scan = (boundary: string, chunks: Buffer[]) => {
  const scanner = new MultipartNameScanner(boundary);
  for (const chunk of chunks) scanner.push(chunk);
  return scanner.names;
};

describe('multipart part names', () => {
  const boundary = '----formdata-utilities-123';
  const parts = [
    { name: 'eGroup', content: 'g' },
    { name: '__proto__', content: 'x' },
    { name: 'file', file: 'u.csv', content: 'DeviceId,Dtu\r\nd1,2024-01-01T00:00:00Z\r\n' },
  ];

  test('names every part, text fields and files, in order', () => {
    expect(scan(boundary, [body(boundary, parts)])).toEqual(['eGroup', '__proto__', 'file']);
  });

  test('the same names however the body is cut into chunks', () => {
    const bytes = body(boundary, parts);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
        expect(scan(boundary, chunks)).toEqual(['eGroup', '__proto__', 'file']);
      }),
    );
  });

  test('a large file between parts keeps only a header block in hand', () => {
    const big = 'a'.repeat(200_000);
    const bytes = body(boundary, [
      { name: 'file', file: 'big.csv', content: big },
      { name: 'constructor', content: '1' },
    ]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    expect(scan(boundary, chunks)).toEqual(['file', 'constructor']);
  });
});
