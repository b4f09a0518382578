/**
 * Demo of the VEE step (validation, estimation, editing): the Quai Ouest house with one
 * occupied flat and four meters whose readings arrive in the demo drop folder
 * (demo-data/channel-drop/planted-cases-2024-04.csv, 1 March – 30 April 2024, 00:00
 * Zurich). Each meter carries one planted case the rules flag when the file is pulled,
 * so the correction queue has something to show:
 *
 *   VEE-WM-01  water, +0.35 m³/day; the 1 April read is 6 m³ too high     → spike
 *   VEE-EM-01  electricity, +8 kWh/day until 10 April, then the same value → stuck (17 April)
 *   VEE-WM-02  water, no reads 10–15 April                                  → gap (16 April read)
 *   VEE-WM-03  water, hourly from 20 April: nothing at night, but from
 *              25 April 0.012 m³ every hour, night and day                  → continuous flow (a leak, 26 April)
 *
 * Runs before the drop folder is pulled (the rules need the meters, their flat and its
 * occupant when the file is stored). Idempotent: each part is created only when missing.
 */
const UID = (name) => `plugin::utilities.${name}`;

const METERS = [
  { meterNumber: 'VEE-WM-01', type: 'WATER_METER', utility: 'WATER', unit: 'm³', registers: ['1'] },
  {
    meterNumber: 'VEE-EM-01',
    type: 'ELECTRICITY_METER',
    utility: 'ELECTRICITY',
    unit: 'kWh',
    registers: ['1.8.0'],
  },
  { meterNumber: 'VEE-WM-02', type: 'WATER_METER', utility: 'WATER', unit: 'm³', registers: ['1'] },
  { meterNumber: 'VEE-WM-03', type: 'WATER_METER', utility: 'WATER', unit: 'm³', registers: ['1'] },
];

async function seedValidation(strapi) {
  const plugin = strapi.plugin('utilities');
  const service = (name) => plugin.service(name);
  const find = (name, filters) => strapi.documents(UID(name)).findFirst({ filters });

  const owner =
    (await find('party', { displayName: 'Coopérative Quai Ouest' })) ??
    (await service('parties').create({ kind: 'legal', companyName: 'Coopérative Quai Ouest' }));
  const tenant =
    (await find('party', { displayName: 'Noah Berset' })) ??
    (await service('parties').create({
      kind: 'natural',
      firstName: 'Noah',
      lastName: 'Berset',
      email: 'noah.berset@example.com',
    }));
  const building =
    (await find('building', { code: 'DEMO-VEE' })) ??
    (await service('buildings').create({
      code: 'DEMO-VEE',
      name: 'Quai Ouest',
      timezone: 'Europe/Zurich',
      owner: owner.documentId,
      address: { line1: 'Quai Ouest 3', postalCode: '1006', city: 'Lausanne', country: 'CH' },
    }));
  const point =
    (await find('billing-point', { code: 'QO-01' })) ??
    (await service('billing-points').create({
      code: 'QO-01',
      name: 'Apartment 1st floor',
      kind: 'apartment',
      building: building.documentId,
    }));
  if (
    (await strapi.documents(UID('occupancy')).count({ filters: { billingPointRef: point.documentId } })) === 0
  )
    await service('occupancies').create(point.documentId, {
      party: tenant.documentId,
      entryDate: '2023-10-01',
      exitDate: null,
    });

  for (const spec of METERS) {
    const deviceType = await service('device-types').findByCode(spec.type);
    const utilityType = await service('utility-types').findByCode(spec.utility);
    if (!deviceType || !utilityType) continue;
    const device =
      (await service('devices').findByMeterNumber(spec.meterNumber)) ??
      (await service('devices').create({
        meterNumber: spec.meterNumber,
        label: `Planted case ${spec.meterNumber}`,
        deviceType: deviceType.documentId,
        utilityType: utilityType.documentId,
        unit: spec.unit,
        registers: spec.registers,
      }));
    const installed = await strapi
      .documents(UID('meter-installation'))
      .count({ filters: { deviceRef: device.documentId } });
    if (installed === 0)
      await service('meter-installations').create(point.documentId, {
        device: device.documentId,
        from: '2024-01-01',
      });
  }
}

module.exports = { seedValidation };
