import Decimal from 'decimal.js';
import { z } from 'zod';

/**
 * A decimal quantity kept exact as text ("1", "0.001", "99999.9"). JSON numbers are
 * accepted when they are safe (what a person types into a form); the stored form is
 * decimal.js's canonical string, never a binary float.
 */
export function decimalText(label: string, { positive = false, max = '1e15' } = {}) {
  return z
    .union([z.string(), z.number()], { error: `${label} must be a decimal number` })
    .transform((raw, ctx) => {
      const text = typeof raw === 'number' ? String(raw) : raw.trim();
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a decimal number such as 1 or 0.01` });
        return z.NEVER;
      }
      const value = new Decimal(text);
      if (positive && value.lte(0)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be greater than 0` });
        return z.NEVER;
      }
      if (value.abs().gt(max)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${max}` });
        return z.NEVER;
      }
      return value.toString();
    });
}
