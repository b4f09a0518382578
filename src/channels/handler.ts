import type { Readable } from 'node:stream';
import type { FieldProblem } from '../common/errors';
import { ChannelError } from './channel-error';

/**
 * The handler SDK: what a channel handler (the integration type behind a channel — SFTP
 * drop, local folder, a developer's own source) declares and implements. Handlers are
 * plain objects with no Strapi import, so a developer can unit-test theirs the way the
 * built-in ones are tested, and the admin renders the configuration form from
 * `configSchema` alone.
 */

/** A scalar a select offers or a condition compares against. */
export type ConfigScalar = string | number | boolean;

/**
 * Show a field only while another field (declared EARLIER in the schema) has one of
 * these values — e.g. `password` only when `auth` is `password`. A hidden field is not
 * required and its value is dropped on save, so switching `auth` to `password` forgets
 * the stored private key instead of keeping a credential nobody sees.
 */
export type VisibleWhen = { field: string; equals: ConfigScalar[] };

type FieldBase = {
  /** Key in the config object: a JavaScript identifier, unique within the schema. */
  key: string;
  label: string;
  help?: string;
  required?: boolean;
  /** Required only when the channel is marked production (e.g. a pinned host key). */
  requiredInProduction?: boolean;
  /** All conditions must hold for the field to be shown (and validated). */
  visibleWhen?: VisibleWhen | VisibleWhen[];
  /**
   * Extra server-side check of a present, well-typed value; returns a message a person
   * can act on, or null. Not part of the JSON schema sent to the admin (functions are
   * dropped by `describeHandler`).
   */
  check?: (value: ConfigScalar) => string | null;
};

export type StringField = FieldBase & {
  type: 'string';
  default?: string;
  maxLength?: number;
  placeholder?: string;
};
export type TextField = FieldBase & { type: 'text'; default?: string; maxLength?: number };
export type NumberField = FieldBase & {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
  integer?: boolean;
};
export type BooleanField = FieldBase & { type: 'boolean'; default?: boolean };
export type SelectOption = { value: string; label: string };
export type SelectField = FieldBase & { type: 'select'; options: SelectOption[]; default?: string };
/** Write-only: sealed at rest, masked in responses. `multiline` for keys and certificates. */
export type SecretField = FieldBase & {
  type: 'secret';
  multiline?: boolean;
  maxLength?: number;
  /**
   * Fields the secret belongs to (e.g. host and username): when one of them changes, the
   * stored secret is not kept — it must be entered again, so it never follows a channel
   * to another server or account.
   */
  boundTo?: string[];
};
export type CronField = FieldBase & { type: 'cron'; default?: string };
/** A folder or file path; normalised on save. `absolute` when a relative path makes no sense. */
export type PathField = FieldBase & { type: 'path'; default?: string; absolute?: boolean };

export type ConfigField =
  StringField | TextField | NumberField | BooleanField | SelectField | SecretField | CronField | PathField;

export type ConfigFieldType = ConfigField['type'];
export type ConfigSchema = readonly ConfigField[];

/** A validated channel config: only schema keys, only visible fields, typed values. */
export type ChannelConfig = Record<string, ConfigScalar>;

export type HandlerCapabilities = {
  /** The handler fetches files itself (Pull now, scheduled pulls). */
  pull: boolean;
  /** The handler can list the files on the source (the Remote files tab). */
  remoteFiles: boolean;
};

export type RemoteFile = {
  /** File name without folder. */
  name: string;
  /** The path to hand back to `openRemoteFile` / `afterProcessing`. */
  path: string;
  /** Bytes. */
  size: number;
  modifiedAt: Date;
};

/** How ingestion ended for a file; decides whether after-processing acts on it. */
export type ProcessingOutcome = 'completed' | 'partial' | 'skipped' | 'failed';

export type AfterProcessingResult =
  { action: 'left'; reason?: string } | { action: 'moved'; to: string } | { action: 'deleted' };

export type HandlerLogger = {
  info(message: string): void;
  warn(message: string): void;
};

/**
 * What every handler call receives: a signal that aborts the call (the job was cancelled
 * or its budget ran out) and the deadline of that budget, so a handler can size its own
 * per-step timeouts to what is left.
 */
export type HandlerContext = {
  signal: AbortSignal;
  /** Epoch milliseconds after which the call must have given up. */
  deadline: number;
  logger?: HandlerLogger;
};

export type ConnectionTestResult = { message: string; details?: Record<string, unknown> };

export type ConfigCheckOptions = { production: boolean };

export interface ChannelHandler {
  /** Stable id stored on the channel (immutable there): lowercase, digits and dashes. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly configSchema: ConfigSchema;
  readonly capabilities: HandlerCapabilities;
  /**
   * Cross-field rules the field schema cannot express (e.g. "move to" must differ from
   * the folder read). Runs after field validation, on the validated config.
   */
  checkConfig?(config: ChannelConfig, options: ConfigCheckOptions): FieldProblem[];
  /** Resolves with a short human summary; rejects with a ChannelError. */
  testConnection(config: ChannelConfig, ctx: HandlerContext): Promise<ConnectionTestResult>;
  listRemoteFiles(config: ChannelConfig, ctx: HandlerContext): Promise<RemoteFile[]>;
  /** The caller must consume or destroy the stream; the handler frees its resources either way. */
  openRemoteFile(config: ChannelConfig, path: string, ctx: HandlerContext): Promise<Readable>;
  afterProcessing?(
    config: ChannelConfig,
    path: string,
    outcome: ProcessingOutcome,
    ctx: HandlerContext,
  ): Promise<AfterProcessingResult>;
}

/**
 * A context whose signal fires when `timeoutMs` has passed or the parent signal aborts,
 * whichever comes first.
 */
export function createHandlerContext(options: {
  timeoutMs: number;
  signal?: AbortSignal;
  logger?: HandlerLogger;
  now?: () => number;
}): HandlerContext {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
  }
  const now = options.now ?? Date.now;
  const budget = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  return { signal, deadline: now() + options.timeoutMs, logger: options.logger };
}

/** Milliseconds left in the budget (never negative). */
export function remainingMs(ctx: HandlerContext, now: number = Date.now()): number {
  return Math.max(0, ctx.deadline - now);
}

/** The ChannelError to throw when the context was aborted: says whether it was the budget. */
export function abortError(ctx: HandlerContext, doing: string): ChannelError {
  // Duck-typed: the reason is a DOMException, which is not an `Error` of every realm.
  const reason = ctx.signal.reason as { name?: unknown } | undefined;
  const timedOut = reason?.name === 'TimeoutError';
  return timedOut
    ? new ChannelError('timeout', `Gave up ${doing}: the time budget for this call ran out`)
    : new ChannelError('aborted', `Stopped ${doing}: the call was cancelled`);
}

export function throwIfAborted(ctx: HandlerContext, doing: string): void {
  if (ctx.signal.aborted) throw abortError(ctx, doing);
}
