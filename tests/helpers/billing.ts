import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Agent } from './admin-users';

/**
 * Billing fixtures through the admin API, as an editor would create them: a
 * building with an owner, billing points, parties, utility types and meters.
 */
export function created(res: { status: number; body: any }, what: string): any {
  if (res.status !== 201)
    throw new Error(`creating ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export async function createParty(admin: Agent, body: Record<string, unknown>) {
  return created(await admin.post('/utilities/parties', body), `party ${JSON.stringify(body)}`);
}

export async function person(admin: Agent, firstName: string, lastName: string) {
  return createParty(admin, { kind: 'natural', firstName, lastName });
}

export async function createBuilding(admin: Agent, body: Record<string, unknown>) {
  return created(await admin.post('/utilities/buildings', body), `building ${String(body.code)}`);
}

export async function createPoint(admin: Agent, body: Record<string, unknown>) {
  return created(await admin.post('/utilities/billing-points', body), `billing point ${String(body.code)}`);
}

/** A utility type, a device type paired with it, and a meter tagged with it. */
export async function meterSetup(admin: Agent, code: string) {
  const utilityType = await created(
    await admin.post('/utilities/utility-types', {
      code,
      name: code.charAt(0) + code.slice(1).toLowerCase(),
    }),
    code,
  );
  const deviceType = await created(
    await admin.post('/utilities/device-types', { code: `${code}_METER`, name: `${code} meter` }),
    `${code}_METER`,
  );
  const paired = await admin.put(`/utilities/activation/${utilityType.documentId}`, {
    deviceTypeIds: [deviceType.documentId],
  });
  if (paired.status !== 200)
    throw new Error(`pairing failed: ${paired.status} ${JSON.stringify(paired.body)}`);
  return { utilityType, deviceType };
}

export async function createMeter(
  admin: Agent,
  meterNumber: string,
  setup: { utilityType: { documentId: string }; deviceType: { documentId: string } },
  /** Further fields of the device (unit, registers …). */
  more: Record<string, unknown> = {},
) {
  return created(
    await admin.post('/utilities/devices', {
      meterNumber,
      deviceType: setup.deviceType.documentId,
      utilityType: setup.utilityType.documentId,
      ...more,
    }),
    `meter ${meterNumber}`,
  );
}

/**
 * `count` active billing points of `building` written in bulk (no meters: a run charges each
 * and reports it "no meter"), codes `<prefix>-00000` on.
 */
export async function bulkBillingPoints(
  strapi: Core.Strapi,
  building: string,
  count: number,
  prefix: string,
) {
  const now = new Date();
  const rows = Array.from({ length: count }, (_, i) => ({
    documentId: `${prefix.toLowerCase()}point${String(i).padStart(6, '0')}${randomBytes(4).toString('hex')}`,
    code: `${prefix}-${String(i).padStart(5, '0')}`,
    name: `Flat ${i}`,
    kind: 'apartment',
    buildingRef: building,
    active: true,
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await strapi.db.query('plugin::utilities.billing-point').createMany({ data: rows.slice(i, i + 200) });
}
