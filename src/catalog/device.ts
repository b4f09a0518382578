import { z } from 'zod';

import { isPrintable, METER_NUMBER_MAX, REGISTER_MAX, REGISTER_PATTERN } from '../common/identifiers';
import { parseInput } from '../common/validate';
import { BAND_PATTERN } from '../charging/tariffs/schema-parts';
import { decimalText } from './decimal-text';

/**
 * A device (meter). Its meter number is the identity readings follow; its label
 * is what a manager renames ("Rename a counter" in the billing guide). A reading
 * names one of the device's registers (e.g. "1", "1.8.1", "E1").
 */
export const DEVICE_SOURCES = ['manual', 'usage-api', 'import'] as const;
export type DeviceSource = (typeof DEVICE_SOURCES)[number];

export type DeviceInput = {
  meterNumber: string;
  label: string | null;
  deviceType: string | null;
  utilityType: string | null;
  registers: string[];
  unit: string | null;
  multiplier: string;
  rolloverAt: string | null;
  /** Cumulative registers that count one time-of-use band each, e.g. { "1.8.1": "HT", "1.8.2": "NT" }. */
  registerBands: Record<string, string> | null;
  active: boolean;
  source: DeviceSource;
};

/** Trimmed, case preserved: "AB-123 " and "AB-123" are one meter, "ab-123" another. */
export const meterNumberSchema = z
  .string({ error: 'Meter number is required and must be text' })
  .trim()
  .min(1, { error: 'Meter number is required' })
  .max(METER_NUMBER_MAX, { error: `Meter number must be at most ${METER_NUMBER_MAX} characters` })
  .refine(isPrintable, { error: 'Meter number may not contain control or invisible characters' });

const registerCode = z
  .string({ error: 'each register must be text' })
  .trim()
  .regex(REGISTER_PATTERN, { error: `a register code is 1–${REGISTER_MAX} letters, digits or . _ : -` });

const registers = z
  .array(registerCode, { error: 'Registers must be a list of register codes, e.g. ["1"]' })
  .min(1, { error: 'A device needs at least one register' })
  .max(32, { error: 'A device may have at most 32 registers' })
  .refine((list) => new Set(list).size === list.length, { error: 'Registers must be unique' });

/**
 * Which time-of-use band each register counts (1.8.1 → HT, 1.8.2 → NT). Which
 * OBIS register is HT differs by operator, so it is set per device, never
 * assumed; charging bills a mapped register at its band's price.
 */
const registerBands = z
  .record(
    registerCode,
    z.string({ error: 'A register band must be a band code such as HT' }).regex(BAND_PATTERN, {
      error: 'A register band must be a band code of 1–16 letters, digits, "-" or "_" (e.g. HT)',
    }),
    { error: 'Register bands must be an object of register → band, e.g. {"1.8.1":"HT","1.8.2":"NT"}' },
  )
  .refine((map) => Object.keys(map).length <= 32, { error: 'At most 32 register bands' })
  .nullable()
  .optional();

const documentRef = (label: string) =>
  z
    .string({ error: `${label} must be a documentId` })
    .trim()
    .min(1, { error: `${label} must be a documentId` })
    .max(64, { error: `${label} must be a documentId` })
    .nullable()
    .optional();

const fields = {
  meterNumber: meterNumberSchema,
  label: z
    .string({ error: 'Label must be text' })
    .trim()
    .max(255, { error: 'Label must be at most 255 characters' })
    .refine(isPrintable, { error: 'Label may not contain control or invisible characters' })
    .nullable()
    .optional(),
  deviceType: documentRef('Device type'),
  utilityType: documentRef('Utility type'),
  registers: registers.optional(),
  unit: z
    .string({ error: 'Unit must be text' })
    .trim()
    .max(16, { error: 'Unit must be at most 16 characters' })
    .refine(isPrintable, { error: 'Unit may not contain control or invisible characters' })
    .nullable()
    .optional(),
  multiplier: decimalText('Multiplier', { positive: true }).optional(),
  rolloverAt: decimalText('Rollover value', { positive: true }).nullable().optional(),
  registerBands,
  active: z.boolean({ error: 'Active must be true or false' }).optional(),
  source: z.enum(DEVICE_SOURCES, { error: `Source must be one of ${DEVICE_SOURCES.join(', ')}` }).optional(),
};

const createSchema = z.strictObject(fields, { error: 'The request body must be a JSON object' });
const updateSchema = z.strictObject(
  { ...fields, meterNumber: meterNumberSchema.optional() },
  { error: 'The request body must be a JSON object' },
);

const blankToNull = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v === '' ? null : v;

const bandsOf = (map: Record<string, string> | null | undefined) =>
  map && Object.keys(map).length ? map : null;

export function parseDeviceCreate(body: unknown): DeviceInput {
  const p = parseInput(createSchema, body);
  return {
    meterNumber: p.meterNumber,
    label: blankToNull(p.label) ?? null,
    deviceType: p.deviceType ?? null,
    utilityType: p.utilityType ?? null,
    registers: p.registers ?? ['1'],
    unit: blankToNull(p.unit) ?? null,
    multiplier: p.multiplier ?? '1',
    rolloverAt: p.rolloverAt ?? null,
    registerBands: bandsOf(p.registerBands),
    active: p.active ?? true,
    source: p.source ?? 'manual',
  };
}

export function parseDeviceUpdate(body: unknown): Partial<DeviceInput> {
  const p = parseInput(updateSchema, body);
  const patch: Partial<DeviceInput> = {};
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined) continue;
    (patch as Record<string, unknown>)[key] =
      key === 'label' || key === 'unit'
        ? blankToNull(value as string | null)
        : key === 'registerBands'
          ? bandsOf(value as Record<string, string> | null)
          : value;
  }
  return patch;
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as deviceCreateSchema, updateSchema as deviceUpdateSchema };
