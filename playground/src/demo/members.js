const { DateTime } = require('luxon');

/**
 * Demo members (the utilities guide, "How utilities link to members"): three
 * residents of the Lakeside Residence signed up through users-permissions —
 * Hans Blumer and Clara Rossi with approved claims on their flats (DL-01, DL-03),
 * Ben Keller with a claim on DL-02 still waiting for an admin. Each is linked to
 * their billing party, so /me/invoices finds their invoices.
 *
 * The meters of those three flats get daily readings from where the drop folder's
 * files end (February 2024) up to today, so the charts and the resident API have
 * recent data. They go through the ingestion service under one ingestion log per
 * demo start ("demo-readings-…"), like any file would.
 *
 * Idempotent: users, claims and links are created when missing; readings only for
 * days after the last stored one.
 */
const ZONE = 'Europe/Zurich';
const MEMBERS = [
  {
    username: 'hans.blumer',
    email: 'hans.blumer@example.com',
    party: 'Hans Blumer',
    point: 'DL-01',
    approve: true,
  },
  {
    username: 'clara.rossi',
    email: 'clara.rossi@example.com',
    party: 'Clara Rossi',
    point: 'DL-03',
    approve: true,
  },
  {
    username: 'ben.keller',
    email: 'ben.keller@example.com',
    party: 'Ben Keller',
    point: 'DL-02',
    approve: false,
  },
];
const READING_POINTS = ['DL-01', 'DL-02', 'DL-03'];
const UID = (name) => `plugin::utilities.${name}`;
const USER_UID = 'plugin::users-permissions.user';

async function seedMembers(strapi) {
  if (!strapi.plugin('users-permissions')) return;
  const password = process.env.DEMO_MEMBER_PASSWORD || 'Member12345';
  const plugin = strapi.plugin('utilities');
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const admin = await strapi.db
    .query('admin::user')
    .findOne({ where: { email: process.env.DEMO_ADMIN_EMAIL || 'admin@example.com' }, select: ['id'] });
  const created = [];
  for (const spec of MEMBERS) {
    let user = await strapi.db.query(USER_UID).findOne({ where: { username: spec.username } });
    if (!user) {
      user = await strapi
        .plugin('users-permissions')
        .service('user')
        .add({
          username: spec.username,
          email: spec.email,
          password,
          provider: 'local',
          confirmed: true,
          blocked: false,
          role: role ? role.id : undefined,
        });
      created.push(spec.username);
    }
    const party = await strapi.documents(UID('party')).findFirst({ filters: { displayName: spec.party } });
    if (party && party.memberUserId == null)
      await plugin.service('parties').update(party.documentId, { member: user.id });
    const point = await strapi.documents(UID('billing-point')).findFirst({ filters: { code: spec.point } });
    if (!point) continue;
    const claim = await strapi
      .documents(UID('property-claim'))
      .findFirst({ filters: { memberId: user.id, billingPointRef: point.documentId } });
    if (claim) continue;
    const filed = await plugin
      .service('members')
      .fileClaim(user.id, { billingPoint: point.documentId, note: `I live in ${point.name}` });
    if (spec.approve) await plugin.service('members').approve(filed.documentId, {}, admin ? admin.id : null);
  }
  if (created.length) {
    strapi.log.info(
      `[demo] members ${created.join(', ')} (password ${process.env.DEMO_MEMBER_PASSWORD ? 'from DEMO_MEMBER_PASSWORD' : password}); ben.keller's claim on DL-02 waits for approval`,
    );
  }
  await seedRecentReadings(strapi);
}

/** A number in [0, 1) from a text, the same every run (FNV-1a). */
function noise(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

/** One day's consumption of a register: seasonal heating, weekday rhythms, a little noise. */
function dailyUse(meterNumber, register, day) {
  const winter = (1 + Math.cos((2 * Math.PI * (day.ordinal - 15)) / 365)) / 2; // 1 mid-January, 0 mid-July
  const weekend = day.weekday >= 6 ? 1 : 0;
  const n = noise(`${meterNumber}|${register}|${day.toISODate()}`);
  const size = 0.8 + 0.2 * Number(meterNumber.slice(-1));
  if (meterNumber.startsWith('HM')) return size * (3 + 42 * winter * (0.8 + 0.4 * n));
  if (meterNumber.startsWith('WM')) return size * (0.25 + 0.12 * weekend + 0.1 * n);
  if (register === '1.8.2') return size * (2.5 + 1.5 * winter + n);
  return size * (4 + 2 * winter + 2.5 * weekend + 2 * n);
}

async function seedRecentReadings(strapi) {
  const knex = strapi.db.connection;
  const points = await strapi
    .documents(UID('billing-point'))
    .findMany({ filters: { code: { $in: READING_POINTS } } });
  const installations = await strapi.documents(UID('meter-installation')).findMany({
    filters: { billingPointRef: { $in: points.map((p) => p.documentId) } },
    limit: 1000,
  });
  const devices = await strapi
    .documents(UID('device'))
    .findMany({ filters: { documentId: { $in: installations.map((i) => i.deviceRef) } }, limit: 1000 });
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const rows = [];
  for (const device of devices) {
    const mine = installations.filter((i) => i.deviceRef === device.documentId);
    const registers = Array.isArray(device.registers) && device.registers.length ? device.registers : ['1'];
    for (const register of registers) {
      const [last] = await knex('utilities_meter_readings')
        .where({ device_ref: device.documentId, register })
        .orderBy('reading_at', 'desc')
        .limit(1)
        .select('reading_at', 'value');
      let value = last ? Number(last.value) : 0;
      let day = last
        ? DateTime.fromMillis(Number(last.reading_at), { zone: ZONE }).startOf('day').plus({ days: 1 })
        : DateTime.fromISO('2024-03-01', { zone: ZONE });
      for (; day <= today; day = day.plus({ days: 1 })) {
        const date = day.toISODate();
        // Read at 00:00 of every day the meter is installed, and on the morning after its last day.
        const installed = mine.some(
          (i) =>
            i.fromDate <= date &&
            (!i.toDate || date <= DateTime.fromISO(i.toDate).plus({ days: 1 }).toISODate()),
        );
        if (!installed) continue;
        const usedSince = mine.some(
          (i) =>
            i.fromDate < date &&
            (!i.toDate || date <= DateTime.fromISO(i.toDate).plus({ days: 1 }).toISODate()),
        );
        if (usedSince) value += dailyUse(device.meterNumber, register, day.minus({ days: 1 }));
        rows.push({
          meterNumber: device.meterNumber,
          register,
          readingAt: day.toJSDate(),
          value: value.toFixed(3),
          readingKind: 'cumulative',
        });
      }
    }
  }
  if (!rows.length) return;
  const first = DateTime.fromJSDate(
    rows.reduce((a, r) => (r.readingAt < a ? r.readingAt : a), rows[0].readingAt),
    { zone: ZONE },
  ).toISODate();
  const log = await strapi.documents(UID('ingestion-log')).create({
    data: {
      source: 'demo',
      fileName: `demo-readings-${first}-to-${today.toISODate()}`,
      status: 'Processing',
      startedAt: new Date().toISOString(),
    },
  });
  const [{ id }] = await knex('utilities_ingestion_logs').where({ document_id: log.documentId }).select('id');
  // The pipeline takes rows in batches, as a file's format hands them on (one here: the demo's rows are few).
  async function* parsed() {
    yield rows.map((reading, i) => ({ kind: 'reading', line: i + 2, reading }));
  }
  const { counts, fatal } = await strapi
    .plugin('utilities')
    .service('ingestion')
    .ingestRows(parsed(), { logId: Number(id) });
  const failed = counts.conflict + counts.rejected;
  await strapi
    .plugin('utilities')
    .service('ingestion-logs')
    .update(log.documentId, {
      status: fatal ? 'Failed' : failed ? 'Partial' : 'Completed',
      totalRows: counts.inserted + counts.duplicate + failed,
      insertedRows: counts.inserted,
      failedRows: failed,
      error: fatal,
      completedAt: new Date().toISOString(),
    });
  strapi.log.info(
    `[demo] ${counts.inserted} daily readings since ${first} for the meters of ${READING_POINTS.join(', ')}`,
  );
}

module.exports = { seedMembers };
