/**
 * Demo data, seeded idempotently at every demo start: running it twice changes
 * nothing. It goes through the plugin's own services, so it obeys every rule an
 * editor's input obeys.
 */
const { seedCatalog } = require('./catalog');
const { seedChannels } = require('./channels');
const { seedBilling } = require('./billing');
const { seedMembers } = require('./members');
const { seedCharging } = require('./charging');
const { seedAllocation } = require('./allocation');
const { seedDocuments } = require('./documents');
const { seedValidation } = require('./validation');

const UTILITY_TYPES = [
  { code: 'WATER', name: 'Water', description: 'Cold and hot water, in m³', displayOrder: 10 },
  { code: 'ELECTRICITY', name: 'Electricity', description: 'Electric energy, in kWh', displayOrder: 20 },
  { code: 'GAS', name: 'Gas', description: 'Natural gas, in m³', displayOrder: 30 },
  { code: 'HEAT', name: 'Heat', description: 'Thermal energy for heating, in kWh', displayOrder: 40 },
];

async function ensureSuperAdmin(strapi) {
  const email = process.env.DEMO_ADMIN_EMAIL || 'admin@example.com';
  const password = process.env.DEMO_ADMIN_PASSWORD || 'Admin12345';
  const users = strapi.service('admin::user');
  if (await users.exists({ email })) return;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await users.create({
    email,
    password,
    firstname: 'Demo',
    lastname: 'Admin',
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  strapi.log.info(`[demo] created super admin ${email}`);
}

async function seedUtilityTypes(strapi) {
  const service = strapi.plugin('utilities').service('utility-types');
  for (const type of UTILITY_TYPES) {
    if (!(await service.findByCode(type.code))) await service.create(type);
  }
}

async function seedDemo(strapi) {
  await ensureSuperAdmin(strapi);
  await seedUtilityTypes(strapi);
  await seedCatalog(strapi);
  // Before the drop folder is pulled: the rules flag the planted cases as the file is stored.
  await seedValidation(strapi);
  await seedChannels(strapi);
  await seedBilling(strapi);
  await seedMembers(strapi);
  // After the members' daily readings: the charging month reuses those where they
  // exist (same keys, ON CONFLICT DO NOTHING) and adds reads for the other flats.
  await seedCharging(strapi);
  await seedAllocation(strapi);
  await seedDocuments(strapi);
  strapi.log.info('[demo] demo data is in place');
}

module.exports = { ensureSuperAdmin, seedDemo };
