import { posix } from 'node:path';
import type { FieldProblem } from '../../common/errors';
import { compileFilePattern, filePatternProblem, type FilePattern } from '../file-pattern';
import type { AfterProcessingResult, ChannelConfig, ConfigField, ProcessingOutcome } from '../handler';

/**
 * What the file-drop handlers (SFTP, local folder) share: which files to pick up and what
 * to do with a file once it has been ingested.
 */

export type AfterProcessingAction = 'leave' | 'move' | 'delete';

export const filePatternFields: ConfigField[] = [
  {
    key: 'filePattern',
    label: 'File pattern',
    type: 'string',
    default: '*',
    maxLength: 200,
    help: 'Which files to pick up, e.g. *.csv or readings_????-??-??.csv. * matches any text, ? one character, [abc] one of a set. Hidden files (starting with ".") are never matched by a wildcard.',
    check: (value) => filePatternProblem(String(value)),
  },
  {
    key: 'caseInsensitive',
    label: 'Ignore upper/lower case in the pattern',
    type: 'boolean',
    default: true,
    help: 'When on, *.csv also matches READINGS.CSV.',
  },
];

export const afterProcessingFields = (moveHelp: string): ConfigField[] => [
  {
    key: 'afterProcessing',
    label: 'After processing',
    type: 'select',
    required: true,
    default: 'leave',
    options: [
      { value: 'leave', label: 'Leave the file where it is' },
      { value: 'move', label: 'Move the file to a folder' },
      { value: 'delete', label: 'Delete the file' },
    ],
    help: 'Applies to files that were ingested (completed, partial or already seen). A file whose ingestion failed is always left in place for the next pull.',
  },
  {
    key: 'moveToFolder',
    label: 'Move to folder',
    type: 'path',
    required: true,
    visibleWhen: { field: 'afterProcessing', equals: ['move'] },
    help: moveHelp,
  },
];

export function patternOf(config: ChannelConfig): FilePattern {
  return compileFilePattern(String(config.filePattern ?? '*'), {
    caseInsensitive: config.caseInsensitive !== false,
  });
}

export function afterProcessingOf(config: ChannelConfig): AfterProcessingAction {
  const value = config.afterProcessing;
  return value === 'move' || value === 'delete' ? value : 'leave';
}

/** A failed file stays where it is, whatever the channel says: it is retried next pull. */
export function skipAfterProcessing(
  config: ChannelConfig,
  outcome: ProcessingOutcome,
): AfterProcessingResult | null {
  if (outcome === 'failed')
    return { action: 'left', reason: 'Ingestion failed; the file stays for the next pull' };
  if (afterProcessingOf(config) === 'leave') return { action: 'left' };
  return null;
}

/** "readings.csv" → "readings-1.csv", "readings-2.csv" …; a name without extension gets "-n" at the end. */
export function numberedName(name: string, n: number): string {
  const ext = posix.extname(name); // "" for "README" and for ".hidden"
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

export const MAX_NAME_ATTEMPTS = 1000;

/** A name inside a listed folder: no separators, not "." or "..". */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');
}

/** Cross-field rule shared by both handlers: moving into the folder being read is a loop. */
export function moveTargetProblem(folder: string, moveTo: string | undefined): FieldProblem[] {
  if (moveTo === undefined) return [];
  if (posix.normalize(moveTo) === posix.normalize(folder)) {
    return [
      {
        path: ['config', 'moveToFolder'],
        message: 'Move to folder must differ from the folder the files are read from',
      },
    ];
  }
  return [];
}
