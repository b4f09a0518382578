/**
 * A charge run: the invoices of a period (calendar dates, both included) for a
 * scope — one building, one billing point, or everything (scope null). A draft
 * is replaced when run again; a finalized run is immutable and locks its period
 * for the billing points it charged (billingPointRefs); a voided run stays as
 * history. Totals and exceptions are JSON computed by src/charging.
 *
 * A run is charged in the background: it is `running` (progress: billing points done of
 * total; holder: the lease holder charging it) until it becomes the draft, or `failed`
 * (failure: code, params, message) when it stopped before the end; interruptions are the
 * database outages it resumed from.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_charge_runs',
    info: { singularName: 'charge-run', pluralName: 'charge-runs', displayName: 'Charge run' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      periodStart: { type: 'string', required: true, maxLength: 10 },
      periodEnd: { type: 'string', required: true, maxLength: 10 },
      scope: { type: 'json' },
      scopeKey: { type: 'string', required: true, maxLength: 100 },
      status: {
        type: 'enumeration',
        enum: ['draft', 'finalized', 'void', 'running', 'failed'],
        required: true,
        default: 'draft',
      },
      billingPointRefs: { type: 'json' },
      totals: { type: 'json' },
      exceptions: { type: 'json' },
      // Strapi reserves createdBy (a relation to the admin user); this is who ran it, as text.
      runBy: { type: 'text' },
      finalizedAt: { type: 'string', maxLength: 40 },
      voidedAt: { type: 'string', maxLength: 40 },
      progress: { type: 'json' },
      failure: { type: 'json' },
      // Database outages the run went through and resumed from (src/charging/charge-run.ts RunInterruption).
      interruptions: { type: 'json' },
      holder: { type: 'string', maxLength: 191 },
      replaced: { type: 'boolean', default: false },
    },
    indexes: [
      { name: 'utilities_charge_runs_period_idx', columns: ['period_start', 'period_end'] },
      { name: 'utilities_charge_runs_status_idx', columns: ['status'] },
    ],
  },
} as const;
