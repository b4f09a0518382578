import { z } from 'zod';

/** `POST /validation/runs`: the rules over every register with readings in [from, to], or one meter's. */
export const runRequestSchema = z.strictObject({
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  meterNumber: z.string().min(1).max(64).optional(),
});
