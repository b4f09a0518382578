import SftpClient from 'ssh2-sftp-client';
import { ChannelError } from '../channel-error';
import { abortError, remainingMs, type HandlerContext } from '../handler';
import { redactSecrets } from '../redact-secrets';
import { parseFingerprint, sshFingerprint } from './host-key-fingerprint';

/**
 * One SFTP connection for one handler call, with the rules that keep a pull from hanging
 * or leaking:
 *
 * - the server's host key is pinned: `hostVerifier` compares the SHA256 fingerprint and a
 *   mismatch refuses the connection before any credential is sent;
 * - every operation runs under our own inactivity timeout (and the call's budget and
 *   abort signal); on expiry the socket is destroyed, not politely ended;
 * - operations run one at a time (ssh2-sftp-client's temporary listeners are per client,
 *   and interleaved operations confuse its error attribution);
 * - `close()` always ends the connection, and is safe to call twice;
 * - every error message is translated to something a person can act on and scrubbed of
 *   the password, private key and passphrase.
 */

export type SftpAuth =
  { kind: 'password'; password: string } | { kind: 'privateKey'; privateKey: string; passphrase?: string };

export type SftpTarget = {
  host: string;
  port: number;
  username: string;
  auth: SftpAuth;
  /** Pinned `SHA256:…` fingerprint; absent = accept any key (test channels only). */
  hostKeyFingerprint?: string;
};

export type SftpTimeouts = { readyTimeoutMs: number; inactivityTimeoutMs: number };

type RawClient = { destroy(): void; end(): void };

export class SftpSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** What the server presented during the handshake. */
  receivedFingerprint: string | undefined;
  private hostKeyRejected = false;

  private constructor(
    private readonly client: SftpClient,
    readonly target: SftpTarget,
    private readonly ctx: HandlerContext,
    private readonly timeouts: SftpTimeouts,
  ) {}

  get server(): string {
    return `${this.target.host}:${this.target.port}`;
  }

  get secrets(): string[] {
    const a = this.target.auth;
    return a.kind === 'password' ? [a.password] : [a.privateKey, a.passphrase ?? ''];
  }

  static async open(target: SftpTarget, ctx: HandlerContext, timeouts: SftpTimeouts): Promise<SftpSession> {
    // Our own global callbacks: the library's defaults print to the console.
    const client = new SftpClient('utilities', { error: () => {}, end: () => {}, close: () => {} });
    const session = new SftpSession(client, target, ctx, timeouts);
    const expected = target.hostKeyFingerprint ? parseFingerprint(target.hostKeyFingerprint) : null;
    const auth =
      target.auth.kind === 'password'
        ? { password: target.auth.password }
        : {
            privateKey: target.auth.privateKey,
            ...(target.auth.passphrase ? { passphrase: target.auth.passphrase } : {}),
          };
    try {
      const sftp = await session.guard(
        'connecting',
        client.connect({
          host: target.host,
          port: target.port,
          username: target.username,
          ...auth,
          tryKeyboard: false,
          readyTimeout: timeouts.readyTimeoutMs,
          hostVerifier: (key: Buffer) => {
            session.receivedFingerprint = sshFingerprint(key);
            if (expected && session.receivedFingerprint !== expected) {
              session.hostKeyRejected = true;
              return false;
            }
            return true;
          },
        }),
        // The handshake has its own timeout; ours is the backstop one second later.
        timeouts.readyTimeoutMs + 1000,
      );
      // The SFTP channel emits 'error' on protocol failures; failures reach us through the
      // operation callbacks, and an unheard 'error' event would crash the process.
      sftp.on('error', () => undefined);
    } catch (error) {
      session.destroy();
      throw error;
    }
    return session;
  }

  /** Runs one operation after the previous one finished, under the inactivity timeout. */
  run<T>(doing: string, operation: (client: SftpClient) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed)
        throw new ChannelError('io', `The connection to ${this.server} is already closed (${doing})`);
      return this.guard(doing, operation(this.client));
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The raw ssh2-sftp-client, for stream creation only; prefer `run`. */
  get raw(): SftpClient {
    return this.client;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ending = this.client.end().catch(() => undefined);
    const backstop = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([ending, backstop]);
    this.destroy();
  }

  /** Tears the socket down now (timeouts, aborts, failed connects). */
  destroy(): void {
    this.closed = true;
    try {
      // Cast: ssh2-sftp-client keeps its ssh2 connection in an untyped `client` field; only it can be torn down now.
      (this.client as unknown as { client: RawClient }).client.destroy();
    } catch {
      /* already gone */
    }
  }

  private guard<T>(doing: string, work: Promise<T>, limitMs = this.timeouts.inactivityTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.ctx.signal.aborted) {
        work.catch(() => undefined);
        this.destroy();
        reject(abortError(this.ctx, `${doing} ${this.server}`));
        return;
      }
      const budget = remainingMs(this.ctx);
      const limit = Math.max(1, Math.min(limitMs, budget));
      const timer = setTimeout(() => {
        this.destroy();
        const seconds = Math.round(limit / 100) / 10;
        reject(
          limit < limitMs
            ? new ChannelError(
                'timeout',
                `Gave up ${doing} ${this.server}: the time budget for this call ran out`,
              )
            : new ChannelError(
                'timeout',
                `The SFTP server ${this.server} did not answer within ${seconds} s while ${doing}`,
              ),
        );
      }, limit);
      const onAbort = () => {
        this.destroy();
        reject(abortError(this.ctx, `${doing} ${this.server}`));
      };
      this.ctx.signal.addEventListener('abort', onAbort, { once: true });
      work
        .then(resolve, (error: unknown) => reject(this.translate(error, doing)))
        .finally(() => {
          clearTimeout(timer);
          this.ctx.signal.removeEventListener('abort', onAbort);
        });
    });
  }

  /** A library error → a ChannelError with a message a person can act on, credentials removed. */
  translate(error: unknown, doing: string): ChannelError {
    if (error instanceof ChannelError) return error;
    const err = (error ?? {}) as { message?: string; code?: string | number; level?: string };
    const raw = redactSecrets(String(err.message ?? error), this.secrets);
    const make = (code: ConstructorParameters<typeof ChannelError>[0], message: string) =>
      new ChannelError(code, redactSecrets(message, this.secrets), { cause: raw, server: this.server });
    const server = this.server;

    if (this.hostKeyRejected) {
      return make(
        'host-key-mismatch',
        `Refused to connect to ${server}: its host key does not match the pinned fingerprint. ` +
          `Expected ${parseFingerprint(this.target.hostKeyFingerprint ?? '')}, received ${this.receivedFingerprint}. ` +
          'Either this is not the server you configured, or its key was changed — confirm the new fingerprint with the server operator before updating the channel.',
      );
    }
    if (err.level === 'client-authentication' || /authentication methods failed/i.test(raw)) {
      const what = this.target.auth.kind === 'password' ? 'password' : 'private key';
      return make(
        'authentication',
        `The SFTP server ${server} refused the login for user "${this.target.username}": check the username and the ${what}`,
      );
    }
    if (/Cannot parse privateKey/i.test(raw)) {
      const reason = raw.replace(/^.*Cannot parse privateKey:\s*/i, '').replace(/[\s.?!]+$/, '');
      return make(
        'invalid-config',
        `The private key could not be used: ${reason}. Paste the whole key (OpenSSH or PEM format) and its passphrase if it has one`,
      );
    }
    if (err.code === 'ECONNREFUSED' || /refused connection|ECONNREFUSED/.test(raw)) {
      return make(
        'connection-refused',
        `Could not connect to ${server}: the connection was refused. Check the host and port, and that the SFTP server is running`,
      );
    }
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || /Address lookup failed|ENOTFOUND/.test(raw)) {
      return make('host-not-found', `Could not find the host "${this.target.host}": check the host name`);
    }
    if (
      err.level === 'client-timeout' ||
      /Timed out while waiting for handshake/i.test(raw) ||
      err.code === 'ETIMEDOUT'
    ) {
      return make(
        'timeout',
        `The SFTP server ${server} did not complete the connection within ${Math.round(this.timeouts.readyTimeoutMs / 100) / 10} s`,
      );
    }
    if (err.code === 2 || /No such file/i.test(raw)) {
      return make('not-found', `${capitalize(doing)} on ${server} failed: no such file or folder`);
    }
    if (err.code === 3 || /Permission denied/i.test(raw)) {
      return make(
        'permission-denied',
        `${capitalize(doing)} on ${server} failed: permission denied for user "${this.target.username}"`,
      );
    }
    if (
      err.code === 'ECONNRESET' ||
      /Unexpected (end|close)|reset the connection|No SFTP connection/i.test(raw)
    ) {
      return make('protocol', `The connection to ${server} was closed unexpectedly while ${doing}`);
    }
    return make('io', `${capitalize(doing)} on ${server} failed: ${raw}`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
