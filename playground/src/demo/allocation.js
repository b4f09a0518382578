/**
 * Demo cost allocation: one heating year (last calendar year, Y) of the Lakeside
 * Residence settled by keys — district-heat invoices, the heating system's
 * electricity and maintenance, hot water, common electricity, water and
 * caretaking; heated areas and value quotas (‰); heat and hot-water meter
 * figures for the year; monthly advances for every occupancy, one payment received; and a draft
 * settlement run. The year shows Anna Meier moving out of DL-02 on 30 June
 * (Ben Keller in from 1 July), DL-05 vacant from October (its owner pays), Luc
 * Dubois moving into DL-06 on 1 February. The parking spaces get no keys and
 * take no part (the run lists them as left out).
 *
 * Idempotent: records are created once (when the building has no cost item in Y),
 * through the plugin's own services; the draft run is recomputed at each start
 * unless Y is finalized.
 */
const UID = (name) => `plugin::utilities.${name}`;

/** code → [heated area m², value quota ‰, heat kWh, hot water m³] */
const KEYS = {
  'DL-01': ['85', '100', '8100', '38'],
  'DL-02': ['85', '100', '7600', '45'],
  'DL-03': ['92', '110', '9800', '52'],
  'DL-04': ['92', '110', '10400', '40'],
  'DL-05': ['92', '110', '7900', '30'],
  'DL-06': ['92', '110', '8800', '47'],
  'DL-07': ['110', '130', '11900', '60'],
  'DL-08': ['120', '140', '13100', '55'],
  'DL-09': ['70', '60', '5200', '22'],
  'DL-10': ['60', '30', '3900', '8'],
};

/** [category, net amount, VAT %, month-day, supplier] */
const COSTS = [
  ['heating-energy', '6850.40', '8.1', '03-31', 'CAD Lausanne (district heat) Q1'],
  ['heating-energy', '1480.20', '8.1', '06-30', 'CAD Lausanne (district heat) Q2'],
  ['heating-energy', '1120.75', '8.1', '09-30', 'CAD Lausanne (district heat) Q3'],
  ['heating-energy', '5960.35', '8.1', '12-31', 'CAD Lausanne (district heat) Q4'],
  ['heating-electricity', '1240.00', '8.1', '12-15', 'Services industriels de Lausanne'],
  ['maintenance', '860.00', '8.1', '10-05', 'Chauffage Léman Sàrl'],
  ['hot-water', '3450.00', '8.1', '12-31', 'CAD Lausanne (hot water)'],
  ['common-electricity', '1980.55', '8.1', '12-15', 'Services industriels de Lausanne'],
  ['water-sewage', '2745.30', '2.6', '11-20', 'Eau service Lausanne'],
  ['caretaking', '6000.00', null, '12-20', 'Conciergerie du Lac'],
];

async function seedAllocation(strapi) {
  const plugin = strapi.plugin('utilities');
  const records = plugin.service('allocation-records');
  const building = await strapi.db.query(UID('building')).findOne({ where: { code: 'DEMO-LAKE' } });
  if (!building) return;
  const Y = new Date().getUTCFullYear() - 1;
  const periodStart = `${Y}-01-01`;
  const periodEnd = `${Y}-12-31`;

  const hasCosts = await strapi.db.query(UID('cost-item')).count({
    where: { buildingRef: building.documentId, date: { $gte: periodStart, $lte: periodEnd } },
  });
  if (!hasCosts) {
    const points = await strapi.db
      .query(UID('billing-point'))
      .findMany({ where: { buildingRef: building.documentId, code: { $in: Object.keys(KEYS) } } });
    for (const point of points) {
      const [heatedArea, valueQuota, heat, hotWater] = KEYS[point.code];
      const existing = await strapi.db
        .query(UID('allocation-key'))
        .findOne({ where: { billingPointRef: point.documentId } });
      if (!existing) await records.keys.create({ billingPoint: point.documentId, heatedArea, valueQuota });
      for (const [key, consumption] of [
        ['heat', heat],
        ['hot-water', hotWater],
      ])
        await records.measurements.create({
          billingPoint: point.documentId,
          key,
          from: periodStart,
          to: periodEnd,
          consumption,
          meterNumber: `${key === 'heat' ? 'HM' : 'HW'}-${point.code}`,
        });
      // Advances for every lease touching Y: heating 1.60 and operating 0.80 CHF per m² a month.
      const occupancies = await strapi.db.query(UID('occupancy')).findMany({
        where: { billingPointRef: point.documentId, entryDate: { $lte: periodEnd } },
      });
      for (const occupancy of occupancies) {
        if (occupancy.exitDate && occupancy.exitDate < periodStart) continue;
        const validFrom = occupancy.entryDate > periodStart ? occupancy.entryDate : periodStart;
        const validTo = occupancy.exitDate && occupancy.exitDate < periodEnd ? occupancy.exitDate : periodEnd;
        for (const [group, perSquareMetre] of [
          ['heating', 1.6],
          ['operating', 0.8],
        ])
          await records.advances.create({
            billingPoint: point.documentId,
            party: occupancy.partyRef,
            group,
            monthlyAmount: (Number(heatedArea) * perSquareMetre).toFixed(2),
            validFrom,
            validTo,
          });
      }
    }
    // One payment received, so the Payments page is not empty: DL-01's occupant paid its first
    // quarter of heating advances (3 × 85 m² × 1.60 = 408.00). The run counts the advances due
    // (advanceBasis "due"), so no settled figure changes.
    const [first] = points.filter((p) => p.code === 'DL-01');
    const payer = first
      ? await strapi.db.query(UID('occupancy')).findOne({
          where: {
            billingPointRef: first.documentId,
            entryDate: { $lte: `${Y}-03-31` },
            $or: [{ exitDate: null }, { exitDate: { $gte: `${Y}-03-31` } }],
          },
        })
      : null;
    if (payer)
      await plugin.service('recorded-payments').create({
        billingPoint: first.documentId,
        party: payer.partyRef,
        group: 'heating',
        amount: '408.00',
        date: `${Y}-03-31`,
        reference: `DEMO-${Y}-0001`,
        note: 'Heating advances January to March',
      });
    for (const [category, amount, vatRatePercent, monthDay, supplier] of COSTS)
      await records.costItems.create({
        building: building.documentId,
        category,
        amount,
        vatRatePercent,
        date: `${Y}-${monthDay}`,
        supplier,
      });
  }

  const finalized = await strapi.db.query(UID('settlement-run')).count({
    where: { buildingRef: building.documentId, periodStart, periodEnd, status: 'finalized' },
  });
  if (!finalized)
    await plugin
      .service('settlement-runs')
      .run({ building: building.documentId, periodStart, periodEnd }, null);
  strapi.log.info(`[demo] allocation: Lakeside Residence heating year ${Y} with a draft settlement run`);
}

module.exports = { seedAllocation };
