import { DomainError, type DomainErrorKind } from '../../src/common/errors';
import type {
  SpreadsheetImportOptions,
  SpreadsheetReport,
  SpreadsheetRowOutcome,
} from '../../src/usage/spreadsheet-import';

/**
 * What the upload's request and the worker thread reading its spreadsheet say to each other
 * (server/workers/usage-spreadsheet.ts, server/services/usage/spreadsheet-reader.ts). Every
 * message is a plain object: it crosses the thread boundary by structured clone.
 */
export type ReaderInput = { path: string; options: SpreadsheetImportOptions };

/** To the worker: read the next batch of rows, or stop (release the file and end). */
export type ToReader = { type: 'next' } | { type: 'close' };

/** An error as it crossed: a DomainError keeps its kind, details and name, so it answers as before. */
export type CrossedError = {
  message: string;
  domain?: { kind: DomainErrorKind; details: Record<string, unknown>; errorName: string };
};

export type FromReader =
  | { type: 'opened'; report: SpreadsheetReport }
  | { type: 'rows'; rows: SpreadsheetRowOutcome[]; report: SpreadsheetReport; done: boolean }
  | { type: 'failed'; error: CrossedError; report: SpreadsheetReport | null };

export function crossed(error: unknown): CrossedError {
  if (error instanceof DomainError)
    return {
      message: error.message,
      domain: { kind: error.kind, details: error.details, errorName: error.errorName },
    };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function rebuilt(error: CrossedError): Error {
  const { domain } = error;
  return domain
    ? new DomainError(domain.kind, error.message, domain.details, domain.errorName)
    : new Error(error.message);
}
