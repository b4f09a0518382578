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
const METERS_PER_TYPE = { WATER_METER: 6, ELECTRICITY_METER: 6, HEAT_METER: 6, GAS_METER: 2 };

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
      await devices.create({
        meterNumber,
        label: `${spec.name} ${n}`,
        deviceType: type.documentId,
        utilityType: utility.documentId,
        unit: spec.unit,
        registers: spec.code === 'ELECTRICITY_METER' ? ['1.8.1', '1.8.2'] : ['1'],
        // OBIS 1.8.1 / 1.8.2: the high- and low-tariff registers (which is which is the operator's choice).
        ...(spec.code === 'ELECTRICITY_METER' ? { registerBands: { '1.8.1': 'HT', '1.8.2': 'NT' } } : {}),
        ...(spec.code === 'WATER_METER' ? { rolloverAt: '100000' } : {}),
      });
    }
  }
}

module.exports = { seedCatalog };
