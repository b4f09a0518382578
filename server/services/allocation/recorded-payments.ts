import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { formatDay } from '../../../src/charging/calendar';
import { DEFAULT_CATEGORIES } from '../../../src/allocation';
import { calendarDate, decimal, id, optionalText } from '../../../src/allocation/fields';
import { paymentAmountProblem, PAYMENT_KINDS } from '../../../src/allocation/recorded-payments';
import {
  billingPointOf,
  buildingLocks,
  codedField,
  datedInFinalizedPeriod,
  mustExist,
  recordService,
} from './allocation-records';
import type { AllocationSchemeRow, OccupancyRow, RecordedPaymentRow } from './allocation-rows';

/**
 * Recorded payments: what a party actually paid (or was refunded) for a billing
 * point, booked against an advance group. A settlement run with advanceBasis
 * "paid" sets these against the costs instead of the advances due.
 *
 * Refused: a negative amount that is not a refund, a refund that is not
 * negative, a zero, fractions of a cent (400); a party that never occupied the
 * billing point, a group no category of the building has (400); a reference the
 * building already has (409); a date in a finalized settlement period (409).
 * A payment before the entry or after the exit is allowed — an advance paid
 * early, arrears paid late; the run counts it by its date.
 */
type Strapi = Core.Strapi;

export const paymentBody = z.strictObject(
  {
    billingPoint: id('billingPoint'),
    party: id('party'),
    group: id('group'),
    kind: z
      .enum(PAYMENT_KINDS, { error: `kind must be one of ${PAYMENT_KINDS.join(', ')}` })
      .default('payment'),
    amount: decimal('amount'),
    date: calendarDate('date'),
    reference: optionalText('reference', 200).transform((text) => text?.trim() || null),
    note: optionalText('note', 2000),
  },
  { error: 'The body must be a payment { billingPoint, party, group, kind, amount, date, reference, note }' },
);

/** The advance groups of a building: the default categories' and those its schemes define. */
async function groupsOf(strapi: Strapi, buildingRef: string): Promise<Set<string>> {
  const schemes = (await strapi.db
    .query(UID.allocationScheme)
    .findMany({ where: { buildingRef } })) as AllocationSchemeRow[];
  return new Set([
    ...DEFAULT_CATEGORIES.map((c) => c.group),
    ...schemes.flatMap((s) => (s.group ? [s.group] : [])),
  ]);
}

export default ({ strapi }: { strapi: Strapi }) =>
  recordService<typeof paymentBody, RecordedPaymentRow>(strapi, {
    uid: UID.recordedPayment,
    label: 'Payment',
    entity: 'recorded-payment',
    schema: paymentBody,
    sortable: ['date', 'amount', 'createdAt'],
    filters: {
      party: (value) => ({ partyRef: value }),
      group: (value) => ({ group: value }),
      kind: (value) => ({ kind: value }),
    },
    // One payment per bank reference and building; a payment without one is never a duplicate.
    unique: (data) => (data.reference ? { buildingRef: data.buildingRef, reference: data.reference } : null),
    async toData(s, body) {
      const point = await billingPointOf(s, body.billingPoint);
      await mustExist(s, UID.party, body.party, 'party', 'Party');
      const problem = paymentAmountProblem(body.kind, body.amount);
      if (problem) throw codedField('amount', problem.message, problem.code, {});
      const occupancies = (await s.db.query(UID.occupancy).findMany({
        where: { billingPointRef: body.billingPoint, partyRef: body.party },
        limit: 1,
      })) as OccupancyRow[];
      if (occupancies.length === 0)
        throw codedField(
          'party',
          `The party has never occupied billing point ${point.code}; record the payment on the point it rents`,
          'payment-party-not-occupant',
          { point: point.code },
        );
      if (!(await groupsOf(s, point.buildingRef)).has(body.group))
        throw codedField(
          'group',
          `"${body.group}" is not the advance group of any category of this building`,
          'payment-unknown-group',
          { group: body.group },
        );
      return {
        billingPointRef: body.billingPoint,
        buildingRef: point.buildingRef,
        partyRef: body.party,
        group: body.group,
        kind: body.kind,
        // Whole cents, written with both digits (250.00) as a bank statement shows them.
        amount: body.amount.toFixed(2),
        date: formatDay(body.date),
        reference: body.reference,
        note: body.note,
      };
    },
    guard: datedInFinalizedPeriod('payments'),
    locks: buildingLocks,
  });
