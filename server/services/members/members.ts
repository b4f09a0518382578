import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { fromJson, writable, type Stored } from '../../database/entities';
import { conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import { nextDay, parseAtDate, todayIn } from '../../../src/billing/dates';
import {
  assertDecision,
  parseClaimCreate,
  parseDecision,
  parseStatusFilter,
  parseUserId,
} from '../../../src/members/property-claim';
import {
  deriveUtilityLinks,
  readableWindows,
  REASON_TEXT,
  visibleDeviceIds,
  type ClaimStatus,
  type LinkClaim,
  type LinkInstallation,
  type UtilityLink,
} from '../../../src/members/utility-links';
import { parseConsumptionRange, parseInstantParam } from '../../../src/ingestion/consumption-range';
import { bucketOf as consumptionBucketOf } from '../../../src/ingestion/consumption';
import { getService } from '../../plugin';
import { issuedInvoices, type CreditNoteRow } from '../documents/document-rows';
import { TABLES } from '../../database/bulk-tables';
import { isUniqueViolation } from '../../http/db-errors';
import {
  asStored,
  asStoredAll,
  asStoredOrNull,
  billingPointBrief,
  devicesWithUtility,
  documentOrFail,
  findDocument,
  listArgs,
  loadDocuments,
  pluginConfig,
  textParam,
  type DeviceWithUtility,
} from '../billing/billing-support';

const USER_UID = 'plugin::users-permissions.user';
const CLAIM_SORTABLE = ['createdAt', 'decidedAt', 'status'] as const;

type Claim = Stored<typeof UID.propertyClaim>;
type BillingPoint = Stored<typeof UID.billingPoint>;

/**
 * The users-permissions user as the member routes read it (`select` names these fields).
 * It is not one of the plugin's content types, so Strapi's query result is untyped here.
 */
type MemberUser = { id: number; username: string; email: string; blocked?: boolean | null };

const claimDto = (row: Claim, point?: BillingPoint) => ({
  documentId: row.documentId,
  memberId: row.memberId,
  billingPoint: point
    ? billingPointBrief(point)
    : { documentId: row.billingPointRef, code: null, name: null },
  status: row.status,
  decidedBy: row.decidedBy ?? null,
  decidedAt: row.decidedAt ?? null,
  note: row.note ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** A documentId as a path names it, or '' for anything else (so it never reaches a query). */
const documentIdOrEmpty = (raw: unknown) =>
  typeof raw === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : '';

/**
 * Members: property claims (admin decisions, residents filing them), the derived
 * utility links (src/members/utility-links.ts) and the resident's own view of
 * readings, consumption and invoices. Everything a resident reads goes through
 * `linksFor(userId)`: a device that is not visible to that user is "not found",
 * exactly like a device that does not exist, so ids cannot be probed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const claims = () => strapi.documents(UID.propertyClaim);
  const zone = () => pluginConfig(strapi).defaultTimezone;

  async function claimDtos(rows: Claim[]) {
    const points = await loadDocuments(
      strapi,
      UID.billingPoint,
      rows.map((r) => r.billingPointRef),
    );
    return rows.map((r) => claimDto(r, points.get(r.billingPointRef)));
  }

  const claimOrFail = (documentId: string) =>
    documentOrFail(strapi, UID.propertyClaim, documentId, 'Property claim');

  async function decide(
    documentId: string,
    next: 'approved' | 'rejected',
    body: unknown,
    adminId: number | null,
  ) {
    const { note } = parseDecision(body);
    const row = await claimOrFail(documentId);
    assertDecision(row.status, next);
    // claimOrFail above found it: update answers the document.
    const updated = asStored(
      UID.propertyClaim,
      (await claims().update({
        documentId,
        data: writable(UID.propertyClaim, {
          status: next,
          decidedBy: adminId,
          decidedAt: new Date().toISOString(),
          ...(note !== null ? { note } : {}),
        }),
      }))!,
    );
    return (await claimDtos([updated]))[0];
  }

  /** Everything the links of one member are derived from, loaded in four queries. */
  async function linkInputs(userId: number) {
    const claimRows = asStoredAll(
      UID.propertyClaim,
      await claims().findMany({
        filters: { memberId: userId },
        limit: 10_000,
      }),
    );
    const pointIds = [...new Set(claimRows.map((c) => c.billingPointRef))];
    const installationRows = pointIds.length
      ? asStoredAll(
          UID.meterInstallation,
          await strapi.documents(UID.meterInstallation).findMany({
            filters: { billingPointRef: { $in: pointIds } },
            limit: 100_000,
          }),
        )
      : [];
    const deviceRows = await devicesWithUtility(
      strapi,
      installationRows.map((i) => i.deviceRef),
    );
    const points = await loadDocuments(strapi, UID.billingPoint, pointIds);
    const linkClaims: LinkClaim[] = claimRows.map((c) => ({
      id: c.documentId,
      billingPointId: c.billingPointRef,
      status: c.status,
    }));
    const installations: LinkInstallation[] = installationRows.map((i) => ({
      id: i.documentId,
      deviceId: i.deviceRef,
      billingPointId: i.billingPointRef,
      from: i.fromDate,
      to: i.toDate ?? null,
    }));
    return {
      linkClaims,
      installations,
      deviceRows,
      devices: new Map(deviceRows.map((d) => [d.documentId, d])),
      points,
    };
  }

  async function linksFor(userId: number, at: string) {
    const inputs = await linkInputs(userId);
    const links = deriveUtilityLinks({
      claims: inputs.linkClaims,
      installations: inputs.installations,
      devices: inputs.deviceRows.map((d) => ({
        id: d.documentId,
        utilityTypeId: d.utilityType?.documentId ?? null,
      })),
      at,
    });
    return { ...inputs, links };
  }

  const deviceBrief = (d: DeviceWithUtility | undefined) => {
    if (!d) return null;
    const registers = fromJson<string[] | null>(d.registers);
    return {
      documentId: d.documentId,
      meterNumber: d.meterNumber,
      label: d.label ?? null,
      unit: d.unit ?? null,
      registers: Array.isArray(registers) && registers.length ? registers : ['1'],
      utilityType: d.utilityType
        ? { documentId: d.utilityType.documentId, code: d.utilityType.code, name: d.utilityType.name }
        : null,
    };
  };

  function linkDto(
    link: UtilityLink,
    devices: Map<string, DeviceWithUtility>,
    points: Map<string, BillingPoint>,
  ) {
    const point = points.get(link.billingPointId);
    return {
      claim: { documentId: link.claimId, status: link.claimStatus },
      billingPoint: point
        ? billingPointBrief(point)
        : { documentId: link.billingPointId, code: null, name: null },
      device: link.deviceId
        ? (deviceBrief(devices.get(link.deviceId)) ?? { documentId: link.deviceId, meterNumber: null })
        : null,
      installation: link.installationId
        ? { documentId: link.installationId, from: link.from, to: link.to }
        : null,
      visible: link.visible,
      reasons: link.reasons.map((code) => ({ code, message: REASON_TEXT[code] })),
    };
  }

  /** The resident's visible device, or 404 — whether it exists elsewhere is none of their business. */
  async function visibleDevice(
    userId: number,
    deviceId: unknown,
    derived?: Awaited<ReturnType<typeof linksFor>>,
  ) {
    const at = todayIn(zone());
    const id = typeof deviceId === 'string' ? deviceId : '';
    const { links, devices, linkClaims, installations } = derived ?? (await linksFor(userId, at));
    if (!id || !visibleDeviceIds(links).includes(id)) throw notFound('Utility', id.slice(0, 64));
    // Calendar days → [start of first day, start of the day after the last) in the plugin's zone.
    const windows = readableWindows(id, linkClaims, installations, at).map((w) => ({
      from: DateTime.fromISO(w.from, { zone: zone() }).toMillis(),
      to: DateTime.fromISO(nextDay(w.to), { zone: zone() }).toMillis(),
    }));
    return { device: devices.get(id)!, windows };
  }

  /** The parties this user signs in as (party.memberUserId). */
  async function partyIdsOf(userId: number): Promise<string[]> {
    const parties = (await strapi.db
      .query(UID.party)
      .findMany({ select: ['documentId'], where: { memberUserId: userId } })) as { documentId: string }[];
    return parties.map((p) => p.documentId);
  }

  /**
   * The documentId of a record of one of this user's parties matching `where`, or ''.
   * Only a documentId's characters reach the database: PostgreSQL refuses a NUL byte
   * with an error (a 500), where the answer must be the same 404 as for any unknown id.
   */
  async function ownRecord(
    userId: number,
    rawId: unknown,
    uid: typeof UID.invoice | typeof UID.creditNote,
    where: Record<string, unknown>,
  ): Promise<string> {
    const id = documentIdOrEmpty(rawId);
    const parties = id ? await partyIdsOf(userId) : [];
    const own: unknown = parties.length
      ? await strapi.db
          .query(uid)
          .findOne({ select: ['id'], where: { ...where, documentId: id, partyRef: { $in: parties } } })
      : null;
    return own ? id : '';
  }

  function rangeOf(query: Record<string, unknown>) {
    const from = parseInstantParam('from', query.from, zone());
    const to = parseInstantParam('to', query.to, zone());
    if (from !== undefined && to !== undefined && from >= to)
      throw invalidField('to', 'to must be after from');
    return { from, to };
  }

  return {
    // ---- admin ----

    /** `?member=<userId>&billingPoint=<documentId>&status=pending,approved` */
    async listClaims(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        CLAIM_SORTABLE,
        [{ field: 'createdAt', direction: 'desc' }],
        ['member', 'billingPoint', 'status'],
      );
      const member =
        query.member === undefined || query.member === '' ? undefined : parseUserId(query.member, 'member');
      const billingPoint = textParam(query, 'billingPoint', 64);
      const status = parseStatusFilter(query.status);
      const filters = {
        ...(member !== undefined ? { memberId: member } : {}),
        ...(billingPoint ? { billingPointRef: billingPoint } : {}),
        ...(status ? { status: { $in: status } } : {}),
      };
      const [rows, total] = await Promise.all([
        claims().findMany({ filters, ...args }),
        claims().count({ filters }),
      ]);
      return {
        data: await claimDtos(asStoredAll(UID.propertyClaim, rows)),
        meta: paginationMeta(list, total),
      };
    },

    approve: (documentId: string, body: unknown, adminId: number | null) =>
      decide(documentId, 'approved', body, adminId),
    reject: (documentId: string, body: unknown, adminId: number | null) =>
      decide(documentId, 'rejected', body, adminId),

    /** Members (users-permissions users) with their claims counted by status; `?search=` on username or email. */
    async listMembers(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['username', 'email', 'createdAt'],
        defaultSort: [{ field: 'username', direction: 'asc' }],
        filters: ['search'],
      });
      const search = textParam(query, 'search', 100);
      const where = search
        ? { $or: [{ username: { $containsi: search } }, { email: { $containsi: search } }] }
        : {};
      const users = strapi.db.query(USER_UID);
      const [rows, total] = await Promise.all([
        users.findMany({
          where,
          select: ['id', 'username', 'email', 'blocked'],
          orderBy: list.sort.map((s) => ({ [s.field]: s.direction })),
          limit: list.pageSize,
          offset: (list.page - 1) * list.pageSize,
        }) as Promise<MemberUser[]>,
        users.count({ where }),
      ]);
      const memberClaims = rows.length
        ? await claims().findMany({
            filters: { memberId: { $in: rows.map((r) => r.id) } },
            fields: ['memberId', 'status'],
            limit: 100_000,
          })
        : [];
      const data = rows.map((u) => {
        const counts = { pending: 0, approved: 0, rejected: 0 };
        for (const c of memberClaims) if (c.memberId === u.id) counts[c.status as ClaimStatus]++;
        return {
          id: u.id,
          username: u.username,
          email: u.email,
          blocked: Boolean(u.blocked),
          claims: counts,
        };
      });
      return { data, meta: paginationMeta(list, Number(total)) };
    },

    /** Read-only: each candidate device of the member with why it is (not) visible on `?at=` (default today). */
    async utilityLinks(rawUserId: unknown, query: Record<string, unknown>) {
      const userId = parseUserId(rawUserId);
      const user = (await strapi.db
        .query(USER_UID)
        .findOne({ where: { id: userId }, select: ['id', 'username', 'email'] })) as MemberUser | null;
      if (!user) throw notFound('Member', String(userId));
      const at = parseAtDate(query.at, zone());
      const { links, devices, points } = await linksFor(userId, at);
      return {
        data: {
          member: { id: user.id, username: user.username, email: user.email },
          at,
          links: links.map((l) => linkDto(l, devices, points)),
        },
      };
    },

    // ---- resident (userId comes from the verified JWT, never from the request) ----

    /**
     * What a resident may read, per visible meter: the spans of time (ms, [from, to))
     * and the billing point it serves them at. Other resident views (notices) build on it.
     */
    async readableMeters(userId: number) {
      const derived = await linksFor(userId, todayIn(zone()));
      const meters = [];
      for (const deviceId of visibleDeviceIds(derived.links)) {
        const { device, windows } = await visibleDevice(userId, deviceId, derived);
        const link = derived.links.find((l) => l.visible && l.deviceId === deviceId)!;
        const point = derived.points.get(link.billingPointId);
        meters.push({
          device: deviceBrief(device)!,
          billingPoint: point
            ? billingPointBrief(point)
            : { documentId: link.billingPointId, code: null, name: null },
          windows,
        });
      }
      return meters;
    },

    async myUtilities(userId: number) {
      const at = todayIn(zone());
      const { links, devices, points } = await linksFor(userId, at);
      const data = links
        .filter((l) => l.visible)
        .map((l) => ({
          ...deviceBrief(devices.get(l.deviceId!))!,
          billingPoint: billingPointBrief(points.get(l.billingPointId)!),
          installedFrom: l.from,
          installedTo: l.to,
        }));
      return { data, meta: { at, total: data.length } };
    },

    async myReadings(userId: number, deviceId: unknown, query: Record<string, unknown>) {
      const { device, windows } = await visibleDevice(userId, deviceId);
      const list = parseListQuery(query, {
        sortable: ['readingAt'],
        defaultSort: [{ field: 'readingAt', direction: 'desc' }],
        filters: ['from', 'to'],
      });
      const r = rangeOf(query);
      const base = () => {
        const q = strapi.db.connection(TABLES.meterReadings).where({ device_ref: device.documentId });
        q.andWhere((w) => {
          for (const win of windows)
            w.orWhere((x) => {
              x.where('reading_at', '>=', win.from).andWhere('reading_at', '<', win.to);
            });
        });
        if (r.from !== undefined) q.andWhere('reading_at', '>=', r.from);
        if (r.to !== undefined) q.andWhere('reading_at', '<', r.to);
        return q;
      };
      const [rows, [{ n }]] = await Promise.all([
        base()
          .orderBy([{ column: 'reading_at', order: list.sort[0].direction }, { column: 'register' }])
          .limit(list.pageSize)
          .offset((list.page - 1) * list.pageSize)
          .select('register', 'reading_at', 'value', 'kind', 'unit'),
        base().count({ n: '*' }),
      ]);
      return {
        data: rows.map((x: Record<string, unknown>) => ({
          register: x.register as string,
          readingAt: new Date(Number(x.reading_at)).toISOString(),
          value: x.value as string,
          kind: x.kind as string,
          unit: (x.unit as string) ?? device.unit ?? null,
        })),
        meta: { device: deviceBrief(device), ...paginationMeta(list, Number(n)) },
      };
    },

    /**
     * `?utility=WATER&period=day|month&from&to` (range rules: src/ingestion/consumption-range.ts):
     * one series per visible meter of that utility, counting only reads from its
     * installation at the member's place — never the previous place's reads.
     */
    async myConsumption(userId: number, query: Record<string, unknown>) {
      const utility = parseInput(
        z
          .string({ error: 'utility must be given once, as a utility type code such as WATER' })
          .trim()
          .min(1, { error: 'utility is required, e.g. utility=WATER' })
          .max(64),
        query.utility ?? '',
      ).toUpperCase();
      const range = parseConsumptionRange(query, zone());
      const at = todayIn(zone());
      const derived = await linksFor(userId, at);
      const ids = visibleDeviceIds(derived.links).filter(
        (id) => derived.devices.get(id)?.utilityType?.code === utility,
      );
      const series = [];
      for (const id of ids) {
        const { device, windows } = await visibleDevice(userId, id, derived);
        // The current installation only: readings from before the meter came here are someone else's.
        const win = windows[windows.length - 1];
        const register = deviceBrief(device)!.registers[0];
        const result = await getService(strapi, 'consumption').registerSeries(
          device,
          register,
          range,
          zone(),
          { from: win.from, to: win.to },
        );
        series.push({
          device: deviceBrief(device),
          register,
          unit: device.unit ?? null,
          buckets: result.buckets,
          warnings: result.warnings,
        });
      }
      // Their flat's solar and grid share when it is in a self-consumption community (issue 17).
      const solar = [];
      const visiblePoints = new Map(
        derived.links.filter((l) => l.visible && l.deviceId).map((l) => [l.billingPointId, l.deviceId!]),
      );
      for (const [point, deviceId] of visiblePoints) {
        // Only the time the resident may read at that flat, as for the meter series above.
        const { windows } = await visibleDevice(userId, deviceId, derived);
        const win = windows[windows.length - 1];
        const from = Math.max(range.from, win.from);
        const to = Math.min(range.to, win.to);
        if (from >= to) continue;
        const shares = await getService(strapi, 'community-energy').memberShares(
          point,
          { from, to },
          (end) => consumptionBucketOf(end, range.period, zone()).key,
        );
        for (const share of shares) solar.push({ billingPoint: point, ...share });
      }
      return {
        data: series,
        meta: {
          solar,
          utility,
          period: range.period,
          from: new Date(range.from).toISOString(),
          to: new Date(range.to).toISOString(),
          timeZone: zone(),
        },
      };
    },

    async fileClaim(userId: number, body: unknown) {
      const input = parseClaimCreate(body);
      const point = await findDocument(strapi, UID.billingPoint, input.billingPoint);
      if (!point)
        throw invalidField(
          'billingPoint',
          `Billing point "${input.billingPoint.slice(0, 64)}" does not exist`,
        );
      if (point.active === false)
        throw invalidField('billingPoint', `Billing point ${point.code} is not in use and cannot be claimed`);
      try {
        const row = asStored(
          UID.propertyClaim,
          await claims().create({
            data: writable(UID.propertyClaim, {
              memberId: userId,
              billingPointRef: point.documentId,
              status: 'pending',
              note: input.note,
            }),
          }),
        );
        return claimDto(row, point);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('You already have a claim on this billing point');
        throw error;
      }
    },

    async myClaims(userId: number) {
      const rows = await claims().findMany({
        filters: { memberId: userId },
        sort: [{ createdAt: 'desc' }],
        limit: 1000,
      });
      return { data: await claimDtos(asStoredAll(UID.propertyClaim, rows)) };
    },

    /** Finalized invoices of the party this user signs in as (party.memberUserId). */
    async myInvoices(userId: number, query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['periodStart'],
        defaultSort: [{ field: 'periodStart', direction: 'desc' }],
        filters: [],
      });
      const party = asStoredOrNull(
        UID.party,
        await strapi.documents(UID.party).findFirst({ filters: { memberUserId: userId } }),
      );
      if (!party) return { data: [], meta: paginationMeta(list, 0) };
      // Issued invoices: finalized, or void with the credit note that took them back.
      const filters = { partyRef: party.documentId, ...issuedInvoices() };
      const [found, total] = await Promise.all([
        strapi.documents(UID.invoice).findMany({
          filters,
          sort: [{ periodStart: list.sort[0].direction }],
          limit: list.pageSize,
          start: (list.page - 1) * list.pageSize,
        }),
        strapi.documents(UID.invoice).count({ filters }),
      ]);
      const rows = asStoredAll(UID.invoice, found);
      const points = await loadDocuments(
        strapi,
        UID.billingPoint,
        rows.map((r) => r.billingPointRef),
      );
      const data = rows.map((r) => ({
        documentId: r.documentId,
        billingPoint: points.has(r.billingPointRef)
          ? billingPointBrief(points.get(r.billingPointRef)!)
          : null,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        status: r.status,
        number: r.number ?? null,
        issuedOn: r.issuedOn ?? null,
        dueOn: r.dueOn ?? null,
        currency: r.currency,
        lines: r.lines ?? [],
        totals: r.totals ?? null,
      }));
      return { data, meta: paginationMeta(list, total) };
    },

    /**
     * The PDF of one of this member's issued invoices (finalized, or since voided). Anybody
     * else's invoice, a draft or an unknown id is the same 404, so the answer tells nothing
     * about invoices that are not the member's own.
     */
    async myInvoiceDocument(userId: number, invoiceId: unknown) {
      const id = await ownRecord(userId, invoiceId, UID.invoice, issuedInvoices());
      if (!id) throw notFound('Invoice', documentIdOrEmpty(invoiceId));
      return getService(strapi, 'invoice-documents').pdf(id);
    },

    /** The credit notes of the parties this user signs in as, newest first, with the invoice each corrects. */
    async myCreditNotes(userId: number, query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['issuedOn'],
        defaultSort: [{ field: 'issuedOn', direction: 'desc' }],
        filters: [],
      });
      const parties = await partyIdsOf(userId);
      if (!parties.length) return { data: [], meta: paginationMeta(list, 0) };
      const where = { partyRef: { $in: parties } };
      const [rows, total] = await Promise.all([
        strapi.db.query(UID.creditNote).findMany({
          where,
          orderBy: [{ issuedOn: list.sort[0].direction }, { id: list.sort[0].direction }],
          limit: list.pageSize,
          offset: (list.page - 1) * list.pageSize,
        }) as Promise<CreditNoteRow[]>,
        strapi.db.query(UID.creditNote).count({ where }),
      ]);
      const invoices = (await strapi.db.query(UID.invoice).findMany({
        select: ['documentId', 'number'],
        where: { documentId: { $in: [...new Set(rows.map((r) => r.invoiceRef))] } },
      })) as { documentId: string; number: string | null }[];
      const numberOf = new Map(invoices.map((i) => [i.documentId, i.number]));
      const data = rows.map((r) => ({
        documentId: r.documentId,
        number: r.number,
        issuedOn: r.issuedOn,
        reason: r.reason,
        invoice: { documentId: r.invoiceRef, number: numberOf.get(r.invoiceRef) ?? null },
        currency: r.currency,
        lines: r.lines ?? [],
        totals: r.totals ?? null,
      }));
      return { data, meta: paginationMeta(list, total) };
    },

    /** The PDF of one of this member's credit notes; anybody else's or an unknown id is the same 404. */
    async myCreditNoteDocument(userId: number, creditNoteId: unknown) {
      const id = await ownRecord(userId, creditNoteId, UID.creditNote, {});
      if (!id) throw notFound('Credit note', documentIdOrEmpty(creditNoteId));
      return getService(strapi, 'credit-notes').pdf(id);
    },
  };
};
