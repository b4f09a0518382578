import type { FieldProblem } from '../../common/errors';
import { createFormatRegistry, parseFormatOptions } from '../../formats';
import type { ChannelConfig, ConfigField } from '../handler';

/**
 * How a file-drop channel's files are read: the format (a registered meter-file
 * format: csv, nem12 …), its options as JSON (validated by the format itself when a
 * file is processed and when the channel is saved) and the time zone local
 * timestamps are in.
 */
export const formatFields: ConfigField[] = [
  {
    key: 'format',
    label: 'File format',
    type: 'select',
    default: 'csv',
    options: [
      { value: 'csv', label: 'CSV (meter_number, register, timestamp, value — or a column mapping)' },
      { value: 'nem12', label: 'AEMO NEM12 / NEM13' },
    ],
    help: 'The reading file format the files are parsed with.',
  },
  {
    key: 'formatOptions',
    label: 'Format options (JSON)',
    type: 'text',
    maxLength: 20000,
    help: 'Optional. E.g. {"delimiter": ";", "decimalSeparator": ","} for CSV, {"meterKey": "nmi"} for NEM12.',
  },
  {
    key: 'timeZone',
    label: 'Time zone',
    type: 'string',
    maxLength: 64,
    default: 'UTC',
    help: 'IANA time zone of timestamps without an offset, e.g. Europe/Zurich. Stored readings are UTC.',
  },
];

/**
 * Checks a channel's format choice when it is saved, so a typo in the options is a
 * 400 on Save rather than every file failing at the next pull.
 */
export function formatProblems(config: ChannelConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const registry = createFormatRegistry();
  const id = typeof config.format === 'string' && config.format ? config.format : 'csv';
  if (!registry.has(id)) return [{ path: ['config', 'format'], message: `Unknown file format "${id}"` }];
  let options: unknown = {};
  if (typeof config.formatOptions === 'string' && config.formatOptions.trim()) {
    try {
      options = JSON.parse(config.formatOptions);
    } catch (error) {
      return [
        {
          path: ['config', 'formatOptions'],
          message: `Format options must be valid JSON (${(error as Error).message})`,
        },
      ];
    }
  }
  try {
    parseFormatOptions(registry.get(id), options);
  } catch (error) {
    problems.push({
      path: ['config', 'formatOptions'],
      message: `Format options: ${(error as Error).message}`,
    });
  }
  if (typeof config.timeZone === 'string' && config.timeZone && !isValidZone(config.timeZone)) {
    problems.push({
      path: ['config', 'timeZone'],
      message: `Time zone must be an IANA zone such as Europe/Zurich (got "${config.timeZone.slice(0, 64)}")`,
    });
  }
  return problems;
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
