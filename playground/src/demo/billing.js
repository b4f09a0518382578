/**
 * Demo billing (the billing-points guide): the Lakeside Residence with twelve
 * billing points — apartments, a bakery, a workshop, two parking spaces — an
 * owner, occupants (one moved out mid-year and was followed by the next, one
 * left and the flat is vacant now), meters by utility (one water meter replaced
 * on 1 July), rates with a mid-year electricity price change, usage metrics for
 * the laundry and the EV chargers, and RFID badges.
 *
 * Dates are built around last year (Y), so last year is a complete, billable
 * year and "today" shows the current state. Idempotent: each part is created
 * only when it is missing, through the plugin's own services and rules.
 */
const UID = (name) => `plugin::utilities.${name}`;

async function seedBilling(strapi) {
  const plugin = strapi.plugin('utilities');
  const service = (name) => plugin.service(name);
  const Y = new Date().getUTCFullYear() - 1;
  const find = (name, filters) => strapi.documents(UID(name)).findFirst({ filters });

  // ── parties ──
  const partySpecs = {
    owner: {
      kind: 'legal',
      companyName: 'Immo Léman SA',
      email: 'gerance@immo-leman.example',
      phone: '+41 21 555 10 00',
      address: { line1: 'Avenue de la Gare 12', postalCode: '1003', city: 'Lausanne', country: 'CH' },
    },
    favre: { kind: 'natural', firstName: 'Marc', lastName: 'Favre', email: 'marc.favre@example.com' },
    blumer: {
      kind: 'natural',
      firstName: 'Hans',
      lastName: 'Blumer',
      email: 'hans.blumer@example.com',
      phone: '+41 79 555 21 01',
    },
    meier: { kind: 'natural', firstName: 'Anna', lastName: 'Meier', email: 'anna.meier@example.com' },
    keller: { kind: 'natural', firstName: 'Ben', lastName: 'Keller', email: 'ben.keller@example.com' },
    rossi: { kind: 'natural', firstName: 'Clara', lastName: 'Rossi' },
    nguyen: { kind: 'natural', firstName: 'David', lastName: 'Nguyen' },
    schmid: { kind: 'natural', firstName: 'Eva', lastName: 'Schmid' },
    dubois: { kind: 'natural', firstName: 'Luc', lastName: 'Dubois' },
    bianchi: { kind: 'natural', firstName: 'Giulia', lastName: 'Bianchi' },
    larsen: { kind: 'natural', firstName: 'Henrik', lastName: 'Larsen' },
    bakery: {
      kind: 'legal',
      companyName: 'Boulangerie du Lac Sàrl',
      firstName: 'Sophie',
      lastName: 'Martin',
    },
    atelier: { kind: 'legal', companyName: 'Atelier Mécanique SA' },
  };
  const party = {};
  for (const [key, spec] of Object.entries(partySpecs)) {
    const displayName = spec.kind === 'legal' ? spec.companyName : `${spec.firstName} ${spec.lastName}`;
    party[key] = (await find('party', { displayName })) ?? (await service('parties').create(spec));
  }

  // ── building and billing points ──
  const building =
    (await find('building', { code: 'DEMO-LAKE' })) ??
    (await service('buildings').create({
      code: 'DEMO-LAKE',
      name: 'Lakeside Residence',
      timezone: 'Europe/Zurich',
      owner: party.owner.documentId,
      address: { line1: 'Quai du Lac 5', postalCode: '1006', city: 'Lausanne', country: 'CH' },
    }));
  const pointSpecs = [
    ['DL-01', 'Apartment Rez Gauche (ground floor left)', 'apartment'],
    ['DL-02', 'Apartment Rez Droite (ground floor right)', 'apartment'],
    ['DL-03', 'Apartment 1st floor left', 'apartment'],
    ['DL-04', 'Apartment 1st floor right', 'apartment'],
    ['DL-05', 'Apartment 2nd floor left', 'apartment'],
    ['DL-06', 'Apartment 2nd floor right', 'apartment'],
    ['DL-07', 'Apartment 3rd floor left', 'apartment'],
    ['DL-08', 'Attic apartment', 'apartment'],
    ['DL-09', 'Bakery', 'commercial'],
    ['DL-10', 'Workshop', 'industrial'],
    ['DL-11', 'Parking space P1', 'parking'],
    ['DL-12', 'Parking space P2', 'parking', 'favre'],
  ];
  const point = {};
  for (const [code, name, kind, owner] of pointSpecs) {
    point[code] =
      (await find('billing-point', { code })) ??
      (await service('billing-points').create({
        code,
        name,
        kind,
        building: building.documentId,
        ...(owner ? { owner: party[owner].documentId } : {}),
      }));
  }

  // ── occupancies and moves ──
  const occupancies = service('occupancies');
  const hasOccupancies = async (code) =>
    (await strapi
      .documents(UID('occupancy'))
      .count({ filters: { billingPointRef: point[code].documentId } })) > 0;
  const occupy = async (code, who, entryDate, exitDate = null) =>
    occupancies.create(point[code].documentId, { party: party[who].documentId, entryDate, exitDate });
  const plan = [
    ['DL-01', async () => occupy('DL-01', 'blumer', '2021-12-01')],
    // A past move: Anna Meier leaves on 30 June, Ben Keller enters on 1 July (the move registers both at once).
    [
      'DL-02',
      async () => {
        await occupy('DL-02', 'meier', '2020-05-01');
        await occupancies.move(point['DL-02'].documentId, {
          exitDate: `${Y}-06-30`,
          newOccupant: { party: party.keller.documentId, entryDate: `${Y}-07-01` },
        });
      },
    ],
    ['DL-03', async () => occupy('DL-03', 'rossi', '2022-09-01')],
    ['DL-04', async () => occupy('DL-04', 'nguyen', '2023-01-01')],
    // A current vacancy: Eva Schmid left on 30 September; since then the owner pays.
    [
      'DL-05',
      async () => {
        await occupy('DL-05', 'schmid', '2019-03-01');
        await occupancies.move(point['DL-05'].documentId, { exitDate: `${Y}-09-30` });
      },
    ],
    ['DL-06', async () => occupy('DL-06', 'dubois', `${Y}-02-01`)],
    ['DL-07', async () => occupy('DL-07', 'bianchi', '2021-01-01')],
    ['DL-08', async () => occupy('DL-08', 'larsen', `${Y}-04-15`)],
    ['DL-09', async () => occupy('DL-09', 'bakery', '2018-01-01')],
    ['DL-10', async () => occupy('DL-10', 'atelier', '2020-01-01')],
    ['DL-11', async () => occupy('DL-11', 'blumer', '2021-12-01')],
    // DL-12 stays vacant: billed to its own owner, Marc Favre.
  ];
  for (const [code, run] of plan) if (!(await hasOccupancies(code))) await run();

  // ── meters (from the demo catalog) ──
  const installations = service('meter-installations');
  const device = (meterNumber) => find('device', { meterNumber });
  const installed = async (meterNumber) => {
    const d = await device(meterNumber);
    return (
      !d ||
      (await strapi.documents(UID('meter-installation')).count({ filters: { deviceRef: d.documentId } })) > 0
    );
  };
  const install = async (code, meterNumber, from, to = null) => {
    const d = await device(meterNumber);
    if (d) return installations.create(point[code].documentId, { device: d.documentId, from, to });
    return null;
  };
  for (let n = 1; n <= 6; n++) {
    const code = `DL-0${n}`;
    for (const prefix of ['EM', 'HM']) {
      const meterNumber = `${prefix}-${1000 + n}`;
      if (!(await installed(meterNumber))) await install(code, meterNumber, '2018-01-01');
    }
  }
  for (let n = 1; n <= 5; n++) {
    const meterNumber = `WM-${1000 + n}`;
    if (await installed(meterNumber)) continue;
    // WM-1002 at DL-02 was replaced by WM-1006 on 1 July: it measured there until 30 June.
    await install(`DL-0${n}`, meterNumber, '2018-01-01', n === 2 ? `${Y}-06-30` : null);
  }
  if (!(await installed('WM-1006'))) await install('DL-02', 'WM-1006', `${Y}-07-01`);
  // The two top flats got smart meters only (they joined the Lakeside ZEV, demo/community.js).
  if (!(await installed('EM-1007'))) await install('DL-07', 'EM-1007', '2018-01-01');
  if (!(await installed('EM-1008'))) await install('DL-08', 'EM-1008', '2018-01-01');
  if (!(await installed('GM-1001'))) await install('DL-09', 'GM-1001', '2018-01-01');
  if (!(await installed('GM-1002'))) await install('DL-10', 'GM-1002', '2020-01-01');

  // ── usage metrics ──
  const metrics = service('usage-metrics');
  const metric = {};
  for (const spec of [
    {
      code: 'LAUNDRY_CYCLES',
      name: 'Laundry cycles',
      eGroup: 'laundry',
      field: 'intCounter',
      aggregation: 'count',
      unit: 'cycle',
      description: 'One record per washing or drying cycle, started with an RFID badge',
    },
    {
      code: 'EV_CHARGING_KWH',
      name: 'EV charging energy',
      eGroup: 'evcharge',
      field: 'intCounter',
      aggregation: 'delta',
      unit: 'kWh',
      description: "Growth of the charger's energy counter",
    },
  ]) {
    metric[spec.code] = (await metrics.findByCode(spec.code)) ?? (await metrics.create(spec));
  }

  // ── rates (electricity changes price on 1 July) ──
  const utility = async (code) => plugin.service('utility-types').findByCode(code);
  const rates = service('rates');
  const groupHasRates = async (targetRef, scope = 'default', scopeRef = '') =>
    (await strapi
      .documents(UID('rate'))
      .count({ filters: { targetRef, scope, ...(scopeRef ? { scopeRef } : {}) } })) > 0;
  /** Rates of one target and scope, in date order: each one closes the open one before it. */
  const rateSeries = async (field, target, scope, scopeRef, series) => {
    if (!target || (await groupHasRates(target.documentId, scope, scopeRef))) return;
    for (const rate of series) {
      await rates.create({
        [field]: target.documentId,
        scope,
        ...(scope === 'building' ? { building: scopeRef } : {}),
        ...(scope === 'billing-point' ? { billingPoint: scopeRef } : {}),
        currency: 'CHF',
        ...rate,
      });
    }
  };
  await rateSeries('utilityType', await utility('ELECTRICITY'), 'default', '', [
    {
      validFrom: '2018-01-01',
      unitPrice: '0.2450',
      fixedFeePerMonth: '8.50',
      vatRate: '8.1',
      name: 'Household electricity',
    },
    {
      validFrom: `${Y}-07-01`,
      unitPrice: '0.2790',
      fixedFeePerMonth: '8.50',
      vatRate: '8.1',
      name: 'Household electricity (from July)',
    },
  ]);
  await rateSeries('utilityType', await utility('ELECTRICITY'), 'billing-point', point['DL-10'].documentId, [
    {
      validFrom: `${Y}-01-01`,
      unitPrice: '0.2100',
      fixedFeePerMonth: '25.00',
      vatRate: '8.1',
      name: 'Workshop tariff',
    },
  ]);
  // ── a Swiss time-of-use tariff: HT/NT on the Zurich calendar, energy + grid + levy ──
  // High tariff (Hochtarif) Mon–Fri 07:00–20:00 and Sat 07:00–13:00; low tariff (Niedertarif) at
  // night, on Sundays and on Zurich's public holidays. DL-04 and DL-06 are on it: DL-04's meter
  // counts HT / NT on its 1.8.1 / 1.8.2 registers (catalog.js), so each register is billed at its
  // band's price; DL-06's smart meter reports every quarter hour, each placed in its band by time,
  // and DL-06 pays a power price too: the month's highest quarter-hour average power in HT.
  //
  // Prices per kWh split the way Swiss operators publish them (ElCom, strompreis.elcom.admin.ch:
  // energy + grid usage + levies): energy 14.8 / 11.6 Rp., grid usage 10.5 / 6.1 Rp. and
  // 6 CHF a month, municipal levies 1.2 Rp. — illustrative figures of that size, not one
  // operator's published tariff (check ElCom for a real one). The federal
  // grid surcharge (Netzzuschlag, EnG art. 35) is 2.3 Rp./kWh, the legal maximum, unchanged in
  // 2026. The power price, 4.20 CHF per kW and month, is illustrative of the power-based grid
  // tariffs some operators bill (zevvy.org/de-CH/wissenswertes/grundlagen/leistungstarife).
  const calendars = service('tariff-calendars');
  if (!(await calendars.findByCode('EKZ-HTNT'))) {
    await calendars.create({
      code: 'EKZ-HTNT',
      name: 'Hoch-/Niedertarif Kanton Zürich',
      windows: [
        { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
        { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
      ],
      defaultBand: 'NT',
      holidayRegion: 'CH-ZH',
    });
  }
  for (const code of ['DL-04', 'DL-06']) {
    await rateSeries('utilityType', await utility('ELECTRICITY'), 'billing-point', point[code].documentId, [
      {
        validFrom: '2018-01-01',
        vatRate: '8.1',
        name: code === 'DL-06' ? 'Smart meter tariff HT/NT with power price' : 'Smart meter tariff HT/NT',
        tariffCalendar: 'EKZ-HTNT',
        ...(code === 'DL-06' ? { demandPricePerKw: '4.20', demandBands: ['HT'] } : {}),
        components: [
          { name: 'Energy', bandPrices: { HT: '0.1480', NT: '0.1160' }, vatRate: '8.1' },
          {
            name: 'Grid usage',
            bandPrices: { HT: '0.1050', NT: '0.0610' },
            vatRate: '8.1',
            fixedFeePerMonth: '6.00',
          },
          { name: 'Municipal levies', unitPrice: '0.0120', vatRate: '8.1' },
          { name: 'Federal grid surcharge', unitPrice: '0.0230', vatRate: '8.1' },
        ],
      },
    ]);
  }
  await rateSeries('utilityType', await utility('WATER'), 'default', '', [
    { validFrom: '2018-01-01', unitPrice: '2.85', fixedFeePerMonth: '12.00', vatRate: '2.6', name: 'Water' },
  ]);
  await rateSeries('utilityType', await utility('HEAT'), 'building', building.documentId, [
    {
      validFrom: '2018-01-01',
      unitPrice: '0.1350',
      fixedFeePerMonth: '20.00',
      vatRate: '8.1',
      name: 'District heating, Lakeside',
    },
  ]);
  await rateSeries('utilityType', await utility('GAS'), 'default', '', [
    {
      validFrom: '2018-01-01',
      tiers: [
        { upTo: '500', unitPrice: '0.12' },
        { upTo: null, unitPrice: '0.10' },
      ],
      vatRate: '8.1',
      name: 'Gas, graduated',
    },
  ]);
  await rateSeries('usageMetric', metric.LAUNDRY_CYCLES, 'default', '', [
    { validFrom: '2018-01-01', unitPrice: '2.50', vatRate: '8.1', name: 'Laundry cycle' },
  ]);
  await rateSeries('usageMetric', metric.EV_CHARGING_KWH, 'default', '', [
    { validFrom: '2018-01-01', unitPrice: '0.35', vatRate: '8.1', name: 'EV charging' },
  ]);

  // ── RFID badges ──
  const badges = service('rfid-badges');
  for (const spec of [
    { uid: '04:A3:2B:1C:5D:80', holder: 'blumer', label: 'Laundry card' },
    { uid: '04:7F:11:9A:22:31', holder: 'keller', label: 'Laundry card', validFrom: `${Y}-07-01` },
    { uid: 'E2:80:11:60', holder: 'rossi', label: 'EV charger key fob' },
    { uid: '04:19:C4:7A', holder: 'schmid', label: 'Laundry card', validTo: `${Y}-09-30` },
    {
      uid: '04:55:0E:B2',
      holder: 'meier',
      label: 'Laundry card (returned)',
      validTo: `${Y}-06-30`,
      active: false,
    },
  ]) {
    const uid = spec.uid.replace(/[:\-\s]/g, '').toUpperCase();
    if (await find('rfid-badge', { uid })) continue;
    const { holder, ...rest } = spec;
    await badges.create({ ...rest, party: party[holder].documentId });
  }
  strapi.log.info(
    '[demo] billing: Lakeside Residence with 12 billing points, occupants, meters, rates and badges',
  );
}

module.exports = { seedBilling };
