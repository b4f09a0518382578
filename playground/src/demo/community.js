/**
 * Demo self-consumption community: the Lakeside Residence is a ZEV (EnG art. 17–18).
 * A 29.6 kWp roof (PV-1001, export register 2.8.0) behind the building's grid
 * connection meter (CM-1001: import 1.8.0, export 2.8.0). Members: DL-05 (vacant,
 * so its owner answers), DL-07 and DL-08 — smart meters with 15-minute load
 * profiles. The other flats kept the grid operator's basic supply on meters of
 * their own, so the connection meter does not see them. The stairwell, lift and
 * lighting (the common consumption, 160 W) go to the owner.
 *
 * Prices (CHF per kWh, VAT 8.1 %): the grid rate is the operator's HT/NT tariff of
 * DL-04 (energy + grid usage + levies): HT 0.288, NT 0.212 — the standard product
 * the EnV art. 16 cap is measured against. Solar at 0.230 HT / 0.165 NT, under the
 * 80 % cap (0.2304 / 0.1696). Export is paid 0.06, the size of the minimum
 * remuneration for small plants (under 30 kW) the revised Energy Ordinance sets from
 * 2026 — illustrative; the operator's published feed-in tariff is what applies.
 *
 * Also the 15-minute data of the demo month M for every smart meter (DL-06's too,
 * billed on its own HT/NT tariff with a power price, demo/billing.js). Idempotent:
 * the community and its grid rate are created once; readings are inserted with
 * ON CONFLICT DO NOTHING on their unique key.
 */
const { householdWh, kWh, PEAK, peakDay, quarterHours, solarWh } = require('./load-profiles');

const UID = (name) => `plugin::utilities.${name}`;
const ZONE = 'Europe/Zurich';
const CODE = 'LAKESIDE-ZEV';
/** Each smart meter's quarter-hour Wh: a vacant flat's standby, DL-06 with its peak, two households. */
const SMART_PROFILES = {
  'EM-1005': () => 12,
  'EM-1006': (start, peak) =>
    start.hasSame(peak, 'day') && start.hour === PEAK.hour && start.minute === PEAK.minute
      ? PEAK.wh
      : householdWh(start),
  'EM-1007': (start) => householdWh(start, 0.9),
  'EM-1008': (start) => householdWh(start, 1.3),
};
const MEMBER_METERS = ['EM-1005', 'EM-1007', 'EM-1008'];
const COMMON_WH = 40;
const BATCH = 500;

/** The quarter-hour rows of month M: the smart meters, the roof and the connection meter. */
function intervalRows(month, devices) {
  const rows = [];
  const peak = peakDay(month);
  const row = (meterNumber, register, start, wh) => ({
    meter_number: meterNumber,
    register,
    reading_at: start.toMillis() + 15 * 60_000, // an interval reading is stamped at its end
    value: kWh(wh),
    kind: 'interval',
    device_ref: devices[meterNumber] ?? null,
    created_at: Date.now(),
  });
  for (const start of quarterHours(month, ZONE)) {
    let members = 0;
    for (const [meterNumber, profile] of Object.entries(SMART_PROFILES)) {
      const wh = profile(start, peak);
      rows.push(row(meterNumber, '1.8.0', start, wh));
      if (MEMBER_METERS.includes(meterNumber)) members += wh;
    }
    const production = solarWh(start);
    const total = members + COMMON_WH;
    rows.push(row('PV-1001', '2.8.0', start, production));
    rows.push(row('CM-1001', '1.8.0', start, Math.max(0, total - production)));
    rows.push(row('CM-1001', '2.8.0', start, Math.max(0, production - total)));
  }
  return rows;
}

async function seedIntervalData(strapi, month) {
  const devices = await strapi.documents(UID('device')).findMany({
    filters: { meterNumber: { $in: [...Object.keys(SMART_PROFILES), 'PV-1001', 'CM-1001'] } },
    limit: 100,
  });
  const refs = Object.fromEntries(devices.map((d) => [d.meterNumber, d.documentId]));
  const rows = intervalRows(month, refs);
  // A restart finds them all stored: one count instead of re-offering every row.
  const [{ n }] = await strapi.db
    .connection('utilities_meter_readings')
    .count({ n: '*' })
    .whereIn('meter_number', [...new Set(rows.map((r) => r.meter_number))])
    .andWhere('kind', 'interval')
    .andWhere('reading_at', '>', rows[0].reading_at - 15 * 60_000)
    .andWhere('reading_at', '<=', rows[rows.length - 1].reading_at);
  if (Number(n) === rows.length) return 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    await strapi.db
      .connection('utilities_meter_readings')
      .insert(rows.slice(i, i + BATCH))
      .onConflict(['meter_number', 'register', 'reading_at'])
      .ignore();
  }
  return rows.length;
}

async function seedCommunity(strapi, building, since) {
  const plugin = strapi.plugin('utilities');
  const service = (name) => plugin.service(name);
  const find = (name, filters) => strapi.documents(UID(name)).findFirst({ filters });
  if (await find('community', { code: CODE })) return;
  const point = async (code) => (await find('billing-point', { code })).documentId;
  const electricity = await service('utility-types').findByCode('ELECTRICITY');
  // A rate needs a scope: the ZEV's grid rate is kept on its first member flat, which the
  // community bills on every member day, so it prices nothing else.
  const { data: gridRate } = await service('rates').create({
    utilityType: electricity.documentId,
    scope: 'billing-point',
    billingPoint: await point('DL-05'),
    validFrom: since,
    currency: 'CHF',
    vatRate: '8.1',
    name: 'Lakeside ZEV grid supply HT/NT',
    tariffCalendar: 'EKZ-HTNT',
    components: [
      { name: 'Energy', bandPrices: { HT: '0.1480', NT: '0.1160' }, vatRate: '8.1' },
      { name: 'Grid usage', bandPrices: { HT: '0.1050', NT: '0.0610' }, vatRate: '8.1' },
      { name: 'Municipal levies', unitPrice: '0.0120', vatRate: '8.1' },
      { name: 'Federal grid surcharge', unitPrice: '0.0230', vatRate: '8.1' },
    ],
  });
  await service('communities').create({
    code: CODE,
    name: 'ZEV Lakeside Residence',
    kind: 'ZEV',
    building: building.documentId,
    intervalMinutes: 15,
    members: await Promise.all(
      ['DL-05', 'DL-07', 'DL-08'].map(async (code) => ({
        billingPoint: await point(code),
        entryDate: since,
      })),
    ),
    productionMeters: [{ meterNumber: 'PV-1001', register: '2.8.0' }],
    connection: {
      import: [{ meterNumber: 'CM-1001', register: '1.8.0' }],
      export: [{ meterNumber: 'CM-1001', register: '2.8.0' }],
    },
    allocationMethod: 'proportional',
    commonConsumption: 'owner',
    solarPrices: [
      { band: 'HT', price: '0.230' },
      { band: 'NT', price: '0.165' },
    ],
    gridRate: gridRate.documentId,
    feedInCredit: '0.06',
    priceCap: { method: 'flat' },
    standardPrices: [
      {
        from: since,
        to: null,
        prices: [
          { band: 'HT', price: '0.288' },
          { band: 'NT', price: '0.212' },
        ],
      },
    ],
    notes: 'Rooftop PV 29.6 kWp (74 × 400 Wp), in operation since January.',
  });
  strapi.log.info(`[demo] community: ${CODE} with 3 members, a 29.6 kWp roof and a connection meter`);
}

module.exports = { seedCommunity, seedIntervalData, SMART_PROFILES, MEMBER_METERS, COMMON_WH, CODE };
