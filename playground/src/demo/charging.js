/**
 * Demo charging: a draft charge run over the Lakeside Residence for a recent full
 * month M — the calendar month before the one the demo was first seeded in — that
 * shows real numbers, including
 *
 *   - a move inside M: Ben Keller leaves DL-02 on the 14th, Sara Weber moves in on the 15th;
 *   - a price change inside M: water goes from 2.85 to 3.10 CHF/m³ on the 16th;
 *   - daily meter reads at local midnight for every installed demo meter, from the last
 *     day before M to the first day after it (so both boundaries are exact reads);
 *   - 15-minute load profiles of the smart meters, the roof PV and the grid connection
 *     meter over M, and the Lakeside ZEV (demo/community.js).
 *
 * M is anchored on Sara Weber's entry date once it exists, so a later start (in a later
 * month) keeps the same month instead of adding another move. Idempotent: the move and
 * the price change are made once through the plugin's services; reads are added with
 * ON CONFLICT DO NOTHING on the readings' unique key; the run is the plugin's own
 * charge-runs.draft, which replaces the month's draft (a finalized month is left alone).
 */
const { DateTime } = require('luxon');
const { SMART_METERS } = require('./catalog');
const { seedCommunity, seedIntervalData } = require('./community');

const UID = (name) => `plugin::utilities.${name}`;
const ZONE = 'Europe/Zurich';
/** Daily consumption and the value the demo month starts from, per meter prefix (above the 2024 demo files). */
const PROFILE = {
  EM: { start: 20000, perDay: 9.4 },
  HM: { start: 30000, perDay: 31.5 },
  WM: { start: 8000, perDay: 0.42 },
  GM: { start: 30000, perDay: 6.2 },
};

async function seedCharging(strapi) {
  const plugin = strapi.plugin('utilities');
  const service = (name) => plugin.service(name);
  const find = (name, filters) => strapi.documents(UID(name)).findFirst({ filters });
  const building = await find('building', { code: 'DEMO-LAKE' });
  if (!building) return;

  // ── the month, and the move inside it ──
  const point = await find('billing-point', { code: 'DL-02' });
  const weberSpec = {
    kind: 'natural',
    firstName: 'Sara',
    lastName: 'Weber',
    email: 'sara.weber@example.com',
  };
  const weber =
    (await find('party', { displayName: 'Sara Weber' })) ?? (await service('parties').create(weberSpec));
  const weberOccupancy = await find('occupancy', {
    billingPointRef: point.documentId,
    partyRef: weber.documentId,
  });
  const month = weberOccupancy
    ? DateTime.fromISO(weberOccupancy.entryDate, { zone: ZONE }).startOf('month')
    : DateTime.now().setZone(ZONE).startOf('month').minus({ months: 1 });
  const day = (n) => month.set({ day: n }).toISODate();
  const periodStart = month.toISODate();
  const periodEnd = month.endOf('month').toISODate();
  if (!weberOccupancy) {
    await service('occupancies').move(point.documentId, {
      exitDate: day(14),
      newOccupant: { party: weber.documentId, entryDate: day(15) },
    });
  }

  // ── the water price change inside the month ──
  const water = await service('utility-types').findByCode('WATER');
  const changed = await strapi
    .documents(UID('rate'))
    .count({ filters: { targetRef: water.documentId, scope: 'default', validFrom: day(16) } });
  if (!changed) {
    await service('rates').create({
      utilityType: water.documentId,
      scope: 'default',
      validFrom: day(16),
      unitPrice: '3.10',
      fixedFeePerMonth: '12.00',
      vatRate: '2.6',
      currency: 'CHF',
      name: 'Water (new tariff)',
    });
  }

  // ── daily reads of every meter installed in the building during the month ──
  const points = await strapi
    .documents(UID('billing-point'))
    .findMany({ filters: { buildingRef: building.documentId }, limit: 100 });
  const installations = await strapi.documents(UID('meter-installation')).findMany({
    filters: {
      billingPointRef: { $in: points.map((p) => p.documentId) },
      fromDate: { $lte: periodEnd },
      $or: [{ toDate: { $null: true } }, { toDate: { $gte: periodStart } }],
    },
    limit: 1000,
  });
  const devices = await strapi
    .documents(UID('device'))
    .findMany({ filters: { documentId: { $in: installations.map((i) => i.deviceRef) } }, limit: 1000 });
  const rows = [];
  const first = month.minus({ days: 1 });
  const last = month.plus({ months: 1 });
  for (const [index, device] of devices.entries()) {
    const profile = PROFILE[device.meterNumber.slice(0, 2)];
    // Smart meters report quarter hours instead (demo/community.js, below).
    if (!profile || SMART_METERS.includes(device.meterNumber)) continue;
    const registers = Array.isArray(device.registers) && device.registers.length ? device.registers : ['1'];
    for (const [r, register] of registers.entries()) {
      // Electricity has a day and a night register: the night one counts less.
      const share = r === 0 ? 1 : 0.6;
      let value = profile.start + index * 100;
      for (let d = first, n = 0; d <= last; d = d.plus({ days: 1 }), n++) {
        rows.push({
          meter_number: device.meterNumber,
          register,
          reading_at: d.toMillis(),
          value: value.toFixed(3),
          kind: 'cumulative',
          device_ref: device.documentId,
          created_at: Date.now(),
        });
        // A little spread between meters and days, so invoices differ.
        value += profile.perDay * share * (1 + ((index + n) % 5) / 10);
      }
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await strapi.db
      .connection('utilities_meter_readings')
      .insert(rows.slice(i, i + 200))
      .onConflict(['meter_number', 'register', 'reading_at'])
      .ignore();
  }

  // ── the smart meters' quarter hours, the roof, the connection meter and the ZEV ──
  await seedIntervalData(strapi, month);
  await seedCommunity(strapi, building, `${DateTime.now().setZone(ZONE).year - 1}-01-01`);

  // ── the draft run ──
  const runs = service('charge-runs');
  const scope = { building: building.documentId };
  const finalized = await runs.finalizedRunOf({ periodStart, periodEnd, scope });
  if (finalized) {
    strapi.log.info(
      `[demo] charging: ${periodStart} – ${periodEnd} is finalized (run ${finalized.documentId}); left as it is`,
    );
    return;
  }
  const { data } = await runs.draft({ periodStart, periodEnd, scope }, 'Demo seed');
  strapi.log.info(
    `[demo] charging: draft run ${data.documentId} for ${periodStart} – ${periodEnd}, ${data.invoiceCount} invoices, ${data.exceptions.length} exceptions`,
  );
}

module.exports = { seedCharging };
