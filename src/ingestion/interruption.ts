/**
 * A file whose processing was stopped before its end — its time budget ran out, another
 * instance took the channel's pull over, or this server is shutting down. What was stored
 * up to the stop is committed and is the file's checkpoint, so the file is not failed: it
 * stays Processing and the next pull resumes it from there. Pure: no Strapi import.
 */
export class IngestionInterrupted extends Error {
  constructor(
    /** Rows of the file stored or recorded before the stop (the checkpoint). */
    readonly rowsDone: number,
    /** The abort signal's reason: why processing stopped. */
    readonly reason: unknown,
  ) {
    super(`Processing stopped after row ${rowsDone}: ${interruptionCause(reason)}`);
    this.name = 'IngestionInterrupted';
  }

  /** What the file's log says, for a person wondering why it is still Processing. */
  get logMessage(): string {
    return `${this.message}. The next pull resumes the file from there; nothing stored is read again.`;
  }
}

/** The reason a server's own shutdown aborts its running pulls with. */
export class ShutdownAbort extends Error {
  constructor() {
    super('the server was shutting down');
    this.name = 'ShutdownAbort';
  }
}

/** A person's words for an abort reason (duck-typed: a timeout's DOMException is not an Error of every realm). */
export function interruptionCause(reason: unknown): string {
  const { name, message } = (reason ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TimeoutError') return 'the time budget for one file (channels.timeouts.fileMs) ran out';
  if (name === 'LeaseBusyError') return 'another instance took over the pull of this channel';
  if (name === 'ShutdownAbort') return 'the server was shutting down';
  return typeof message === 'string' && message ? message : 'the pull was cancelled';
}
