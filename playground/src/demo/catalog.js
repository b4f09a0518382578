/**
 * Demo catalog: four device types paired with their utility types, and about
 * twenty tagged meters across the demo building. Idempotent.
 */
const DEVICE_TYPES = [
  {
    code: 'WATER_METER',
    name: 'Water meter',
    manufacturer: 'Kamstrup',
    utility: 'WATER',
    unit: 'm³',
    prefix: 'WM',
  },
  {
    code: 'ELECTRICITY_METER',
    name: 'Electricity meter',
    manufacturer: 'Landis+Gyr',
    utility: 'ELECTRICITY',
    unit: 'kWh',
    prefix: 'EM',
  },
  {
    code: 'HEAT_METER',
    name: 'Heat meter',
    manufacturer: 'Itron',
    utility: 'HEAT',
    unit: 'kWh',
    prefix: 'HM',
  },
  { code: 'GAS_METER', name: 'Gas meter', manufacturer: 'Elster', utility: 'GAS', unit: 'm³', prefix: 'GM' },
];
const METERS_PER_TYPE = { WATER_METER: 6, ELECTRICITY_METER: 8, HEAT_METER: 6, GAS_METER: 2 };
/**
 * Smart meters: one register, 1.8.0 (import total), read as a 15-minute load profile
 * (demo/community.js writes it). The others count per tariff on 1.8.1 / 1.8.2, read daily.
 */
const SMART_METERS = ['EM-1005', 'EM-1006', 'EM-1007', 'EM-1008'];
/** The Lakeside ZEV's own meters (demo/community.js): not a flat's, so not installed on a billing point. */
const COMMUNITY_METERS = [
  { meterNumber: 'PV-1001', label: 'Rooftop PV, 29.6 kWp (production)', registers: ['2.8.0'] },
  { meterNumber: 'CM-1001', label: 'Grid connection meter (import / export)', registers: ['1.8.0', '2.8.0'] },
];

async function seedCatalog(strapi) {
  const plugin = strapi.plugin('utilities');
  const deviceTypes = plugin.service('device-types');
  const utilityTypes = plugin.service('utility-types');
  const activation = plugin.service('activation');
  const devices = plugin.service('devices');

  for (const spec of DEVICE_TYPES) {
    const type =
      (await deviceTypes.findByCode(spec.code)) ??
      (await deviceTypes.create({ code: spec.code, name: spec.name, manufacturer: spec.manufacturer }));
    const utility = await utilityTypes.findByCode(spec.utility);
    if (!utility) continue;
    if (!(await activation.isPaired(utility.documentId, type.documentId))) {
      const current = (await activation.matrix()).utilityTypes.find(
        (u) => u.documentId === utility.documentId,
      );
      const linked = (current ? current.deviceTypes : []).map((d) => d.documentId);
      await activation.update(utility.documentId, { deviceTypeIds: [...linked, type.documentId] });
    }
    for (let n = 1; n <= METERS_PER_TYPE[spec.code]; n++) {
      const meterNumber = `${spec.prefix}-${String(1000 + n)}`;
      if (await devices.findByMeterNumber(meterNumber)) continue;
      const smart = SMART_METERS.includes(meterNumber);
      const dualRegister = spec.code === 'ELECTRICITY_METER' && !smart;
      await devices.create({
        meterNumber,
        label: smart ? `Smart meter ${n} (15-minute load profile)` : `${spec.name} ${n}`,
        deviceType: type.documentId,
        utilityType: utility.documentId,
        unit: spec.unit,
        registers: smart ? ['1.8.0'] : dualRegister ? ['1.8.1', '1.8.2'] : ['1'],
        // OBIS 1.8.1 / 1.8.2: the high- and low-tariff registers (which is which is the operator's choice).
        ...(dualRegister ? { registerBands: { '1.8.1': 'HT', '1.8.2': 'NT' } } : {}),
        ...(spec.code === 'WATER_METER' ? { rolloverAt: '100000' } : {}),
      });
    }
    if (spec.code !== 'ELECTRICITY_METER') continue;
    for (const meter of COMMUNITY_METERS) {
      if (await devices.findByMeterNumber(meter.meterNumber)) continue;
      await devices.create({
        ...meter,
        deviceType: type.documentId,
        utilityType: utility.documentId,
        unit: spec.unit,
      });
    }
  }
}

module.exports = { seedCatalog, SMART_METERS };
