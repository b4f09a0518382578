import { z } from 'zod';
import { parseDecimal } from '../charging/decimal';

/**
 * The validation rules of the VEE step (validation, estimation, editing) and their
 * parameters. A rule set is resolved per register: the built-in defaults, then the
 * meter's utility type, its device type, then the device itself — each level names
 * only what it changes. Parameters are checked once here, so a rule never runs with
 * a factor that flags everything (k ≤ 1) or a period that means nothing (N < 1).
 */
export const RULE_IDS = [
  'spike',
  'backwards',
  'zero',
  'stuck',
  'gap',
  'continuous-flow',
  'limits',
  'sum-check',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

const decimalText = (label: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const d = parseDecimal(v);
    if (!d || d.isNegative()) {
      ctx.addIssue({ code: 'custom', message: `${label} must be a decimal number ≥ 0` });
      return z.NEVER;
    }
    return d.toString();
  });

const base = { enabled: z.boolean().optional(), severity: z.enum(SEVERITIES).optional() };
const days = z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3660);
const hours = z.number().min(1, 'must be at least 1 hour').max(87840);

/** One level of overrides: every field optional, unknown fields refused. */
export const ruleOverridesSchema = z.strictObject({
  spike: z
    .strictObject({
      ...base,
      // k × the recent median: k ≤ 1 would flag an ordinary day.
      factor: z.number().gt(1, 'must be greater than 1').max(1000).optional(),
      baselineReads: z.number().int().min(3, 'must be at least 3').max(1000).optional(),
      absoluteLimit: decimalText('absoluteLimit').nullable().optional(),
    })
    .optional(),
  backwards: z.strictObject(base).optional(),
  zero: z.strictObject({ ...base, days: days.optional() }).optional(),
  stuck: z.strictObject({ ...base, days: days.optional() }).optional(),
  gap: z
    .strictObject({
      ...base,
      hours: hours.optional(),
      // A gap is also relative to how often the meter is read: monthly reads are no gap.
      spacingFactor: z.number().gt(1, 'must be greater than 1').max(100).optional(),
    })
    .optional(),
  'continuous-flow': z.strictObject({ ...base, hours: hours.optional() }).optional(),
  limits: z
    .strictObject({
      ...base,
      lowPerDay: decimalText('lowPerDay').nullable().optional(),
      highPerDay: decimalText('highPerDay').nullable().optional(),
    })
    .optional(),
  'sum-check': z
    .strictObject({
      ...base,
      tolerancePercent: z.number().min(0, 'must be at least 0').max(100, 'must be at most 100').optional(),
    })
    .optional(),
});
export type RuleOverrides = z.output<typeof ruleOverridesSchema>;

const codeKey = z.string().min(1).max(64);

/** What an operator stores: overrides per utility type, device type and device (by code / meter number). */
export const validationSettingsSchema = z.strictObject({
  utilityTypes: z.record(codeKey, ruleOverridesSchema).optional(),
  deviceTypes: z.record(codeKey, ruleOverridesSchema).optional(),
  devices: z.record(codeKey, ruleOverridesSchema).optional(),
  /** What a charge run does with a billing point that has unresolved suspect reads. */
  suspectInChargeRun: z.enum(['block', 'bill-and-flag']).optional(),
  /** Run the rules after every stored file (default on); off leaves them to on-demand runs. */
  afterEachFile: z.boolean().optional(),
});
export type ValidationSettings = z.output<typeof validationSettingsSchema>;

export type ResolvedRules = {
  spike: {
    enabled: boolean;
    severity: Severity;
    factor: number;
    baselineReads: number;
    absoluteLimit: string | null;
  };
  backwards: { enabled: boolean; severity: Severity };
  zero: { enabled: boolean; severity: Severity; days: number };
  stuck: { enabled: boolean; severity: Severity; days: number };
  gap: { enabled: boolean; severity: Severity; hours: number; spacingFactor: number };
  'continuous-flow': { enabled: boolean; severity: Severity; hours: number };
  limits: { enabled: boolean; severity: Severity; lowPerDay: string | null; highPerDay: string | null };
  'sum-check': { enabled: boolean; severity: Severity; tolerancePercent: number };
};

export const DEFAULT_RULES: ResolvedRules = {
  spike: { enabled: true, severity: 'warning', factor: 5, baselineReads: 14, absoluteLimit: null },
  backwards: { enabled: true, severity: 'error' },
  zero: { enabled: true, severity: 'warning', days: 30 },
  stuck: { enabled: true, severity: 'warning', days: 7 },
  gap: { enabled: true, severity: 'info', hours: 72, spacingFactor: 1.5 },
  // A leak is a water question; other utilities switch it on per type.
  'continuous-flow': { enabled: false, severity: 'warning', hours: 24 },
  limits: { enabled: false, severity: 'warning', lowPerDay: null, highPerDay: null },
  'sum-check': { enabled: true, severity: 'warning', tolerancePercent: 5 },
};

/** Built-in per-utility defaults below an operator's settings. */
export const DEFAULT_SETTINGS: ValidationSettings = {
  utilityTypes: { WATER: { 'continuous-flow': { enabled: true } } },
};

/** The rules of one meter: defaults ← utility type ← device type ← device, later levels win field by field. */
export function resolveRules(
  settings: ValidationSettings,
  meter: { utilityType?: string | null; deviceType?: string | null; meterNumber: string },
): ResolvedRules {
  const levels: (RuleOverrides | undefined)[] = [
    meter.utilityType ? DEFAULT_SETTINGS.utilityTypes?.[meter.utilityType] : undefined,
    meter.utilityType ? settings.utilityTypes?.[meter.utilityType] : undefined,
    meter.deviceType ? settings.deviceTypes?.[meter.deviceType] : undefined,
    settings.devices?.[meter.meterNumber],
  ];
  const out = structuredClone(DEFAULT_RULES) as Record<RuleId, Record<string, unknown>>;
  for (const level of levels) {
    if (!level) continue;
    for (const [rule, fields] of Object.entries(level) as [RuleId, Record<string, unknown> | undefined][]) {
      for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) out[rule][k] = v;
    }
  }
  const resolved = out as ResolvedRules;
  const { lowPerDay, highPerDay } = resolved.limits;
  if (lowPerDay !== null && highPerDay !== null && parseDecimal(lowPerDay)!.gt(parseDecimal(highPerDay)!))
    resolved.limits.enabled = false;
  return resolved;
}

/** Cross-field checks a field schema cannot make: a low limit above the high one at one level. */
export function settingsProblems(settings: ValidationSettings): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  for (const level of ['utilityTypes', 'deviceTypes', 'devices'] as const) {
    for (const [key, overrides] of Object.entries(settings[level] ?? {})) {
      const l = overrides.limits;
      if (l?.lowPerDay && l.highPerDay && parseDecimal(l.lowPerDay)!.gt(parseDecimal(l.highPerDay)!))
        problems.push({
          path: [level, key, 'limits', 'lowPerDay'],
          message: 'lowPerDay must not exceed highPerDay',
        });
    }
  }
  return problems;
}
