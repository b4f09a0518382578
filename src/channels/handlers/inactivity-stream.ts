import { Readable } from 'node:stream';

/**
 * Wraps a source stream so that a source which stops sending data while data is wanted
 * fails within `timeoutMs` instead of hanging the pull forever. The clock only runs while
 * the consumer is asking for data: a consumer that is slow (back-pressure) never trips it.
 * `onClose` runs exactly once, however the stream ends — that is where the connection
 * behind the source is released.
 */
export function withInactivityTimeout(
  source: Readable,
  options: {
    timeoutMs: number;
    timeoutError: () => Error;
    translateError?: (error: Error) => Error;
    signal?: AbortSignal;
    abortError?: () => Error;
    onClose: () => void;
  },
): Readable {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    stop();
    timer = setTimeout(() => out.destroy(options.timeoutError()), options.timeoutMs);
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    stop();
    options.signal?.removeEventListener('abort', onAbort);
    source.removeListener('data', onData);
    if (!source.destroyed) source.destroy();
    options.onClose();
  };
  const onAbort = () => out.destroy(options.abortError?.() ?? new Error('Aborted'));
  const onData = (chunk: Buffer) => {
    stop();
    if (out.push(chunk)) arm();
    else source.pause();
  };

  const out = new Readable({
    read() {
      if (closed) return;
      arm();
      source.resume();
    },
    destroy(error, callback) {
      finish();
      callback(error);
    },
  });

  source.pause();
  source.on('data', onData);
  source.once('end', () => {
    stop();
    out.push(null);
  });
  // `on`, not `once`, and kept after close: ssh2's ReadStream emits late errors for reads
  // still in flight when the connection goes away, and an unheard 'error' would crash.
  source.on('error', (error: Error) => {
    if (!closed) out.destroy(options.translateError ? options.translateError(error) : error);
  });
  out.once('end', finish);
  out.once('close', finish);
  if (options.signal) {
    if (options.signal.aborted) queueMicrotask(onAbort);
    else options.signal.addEventListener('abort', onAbort, { once: true });
  }
  return out;
}
