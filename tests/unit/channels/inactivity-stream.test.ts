import { PassThrough, Readable } from 'node:stream';
import { withInactivityTimeout } from '../../../src/channels';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source producing `count` chunks of 64 KiB on demand (it respects back-pressure). */
function producer(count: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? Buffer.alloc(64 * 1024, sent % 256) : null);
    },
  });
}

function wrap(source: Readable, onClose = jest.fn(), signal?: AbortSignal) {
  const stream = withInactivityTimeout(source, {
    timeoutMs: 100,
    timeoutError: () => new Error('silent source'),
    translateError: (error) => new Error(`translated: ${error.message}`),
    signal,
    abortError: () => new Error('aborted by caller'),
    onClose,
  });
  return { stream, onClose };
}

describe('inactivity timeout on streams', () => {
  it('passes all data through and closes once', async () => {
    const { stream, onClose } = wrap(producer(50));
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(50 * 64 * 1024);
    await sleep(10);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('does not trip while a slow consumer holds the data back (back-pressure)', async () => {
    const { stream, onClose } = wrap(producer(200));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await sleep(400); // four times the timeout, consumer not reading
    let bytes = 0;
    for (let r = await iterator.next(); !r.done; r = await iterator.next())
      bytes += (r.value as Buffer).length;
    expect(bytes).toBe(199 * 64 * 1024);
    await sleep(10);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('fails when the source goes silent while data is wanted, and releases it', async () => {
    const source = new PassThrough();
    source.write('first');
    const { stream, onClose } = wrap(source);
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) chunks.push(String(chunk));
      })(),
    ).rejects.toThrow('silent source');
    expect(chunks).toEqual(['first']);
    expect(source.destroyed).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('translates source errors and survives late errors after close', async () => {
    const source = new PassThrough();
    const { stream, onClose } = wrap(source);
    setTimeout(() => source.emit('error', new Error('boom')), 10);
    await expect(stream.toArray()).rejects.toThrow('translated: boom');
    expect(() => source.emit('error', new Error('late'))).not.toThrow();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const { stream, onClose } = wrap(producer(1000), jest.fn(), controller.signal);
    let chunks = 0;
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          if (++chunks === 3) controller.abort();
          await sleep(1);
        }
      })(),
    ).rejects.toThrow('aborted by caller');
    expect(chunks).toBeLessThan(1000);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
