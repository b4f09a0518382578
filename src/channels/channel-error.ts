/**
 * What a handler throws when talking to a source fails. The message is meant for the
 * person reading the ingestion log or the "Test connection" result, so it says what
 * happened and what to check — and it must already be free of credentials (handlers
 * scrub it with `redactSecrets` before constructing the error).
 *
 * `code` lets the job runner decide without parsing text: `retryable` failures (a server
 * that is down or slow) are worth another attempt on the next schedule tick; the others
 * (wrong password, pinned host key mismatch, missing folder) need a person to act.
 */
export type ChannelErrorCode =
  | 'connection-refused'
  | 'host-not-found'
  | 'timeout'
  | 'aborted'
  | 'authentication'
  | 'host-key-mismatch'
  | 'not-found'
  | 'permission-denied'
  | 'outside-root'
  | 'invalid-config'
  | 'protocol'
  | 'io';

/**
 * Where the failure happened: on the remote side (a server down, a wrong password) or on
 * this server (a local folder missing or outside the allowed roots). The HTTP layer answers
 * the first as a bad gateway and the second as a configuration mistake.
 */
export type ChannelErrorOrigin = 'remote' | 'server';

const RETRYABLE: ReadonlySet<ChannelErrorCode> = new Set(['connection-refused', 'timeout', 'protocol', 'io']);

export class ChannelError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly origin: ChannelErrorOrigin = 'remote',
  ) {
    super(message);
    this.name = 'ChannelError';
    this.retryable = RETRYABLE.has(code);
  }
}

export function isChannelError(error: unknown): error is ChannelError {
  return error instanceof ChannelError;
}
