import type { Core } from '@strapi/strapi';

/**
 * Helpers for the channel suites: capture every log line and everything written to the
 * console, so a test can prove a secret never appears in any of it; read stored rows
 * raw, as the database holds them.
 */
export type Capture = { text: () => string; stop: () => void };

const LEVELS = ['error', 'warn', 'info', 'http', 'debug', 'verbose', 'silly', 'log'] as const;

export function captureOutput(strapi: Core.Strapi): Capture {
  const chunks: string[] = [];
  const restores: (() => void)[] = [];
  const log = strapi.log as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const level of LEVELS) {
    const original = log[level];
    if (typeof original !== 'function') continue;
    log[level] = function (this: unknown, ...args: unknown[]) {
      chunks.push(
        args
          .map((a) =>
            a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a),
          )
          .join(' '),
      );
      return original.apply(this ?? strapi.log, args);
    };
    restores.push(() => {
      log[level] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
    restores.push(() => {
      stream.write = original;
    });
  }
  return { text: () => chunks.join('\n'), stop: () => restores.forEach((r) => r()) };
}

/** The stored channel row exactly as in the database (config as stored text/JSON). */
export async function rawChannel(strapi: Core.Strapi, documentId: string): Promise<Record<string, unknown>> {
  const row = await strapi.db.connection('utilities_channels').where({ document_id: documentId }).first();
  if (!row) throw new Error(`channel ${documentId} not in the database`);
  return row as Record<string, unknown>;
}

export function storedConfig(row: Record<string, unknown>): Record<string, unknown> {
  const value = row.config;
  return typeof value === 'string' ? JSON.parse(value) : (value as Record<string, unknown>);
}

/** Every row of the plugin's channel and ingestion-log tables, as one searchable text. */
export async function dumpChannelTables(strapi: Core.Strapi): Promise<string> {
  const knex = strapi.db.connection;
  const parts = await Promise.all(
    ['utilities_channels', 'utilities_ingestion_logs', 'utilities_job_claims', 'utilities_leases'].map((t) =>
      knex(t).select('*'),
    ),
  );
  return JSON.stringify(parts);
}
