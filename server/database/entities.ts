import type { Modules } from '@strapi/strapi';
import type contentTypes from '../../content-types';
import type { UID } from '../../content-types';

/**
 * Types at the database boundary for the plugin's content types (declared to Strapi's
 * registry in content-types/registry.ts). Services name these instead of restating
 * field lists, so a renamed or misspelt field fails `tsc`.
 */
export type PluginUid = (typeof UID)[keyof typeof UID];

/** A stored document of a content type, every scalar field (relations not populated). */
export type Entity<U extends PluginUid> = Modules.Documents.Result<U>;

/** Document-service filters for a content type. */
export type Filters<U extends PluginUid> = Modules.Documents.Params.Filters.Any<U>;

/** Populate argument for a content type. */
export type Populate<U extends PluginUid> = Modules.Documents.Params.Populate.Any<U>;

type Input<U extends PluginUid> = Modules.Documents.Params.Data.Input<U>;

/** Data for create/update where an optional field may be written as null (to clear it). */
export type Writable<U extends PluginUid> = { [K in keyof Input<U>]?: Input<U>[K] | null };

/**
 * Strapi's Input type leaves null out of optional fields, yet writing null is how a
 * field is cleared (the engine stores NULL). This is the one place that says so.
 */
export function writable<U extends PluginUid>(_uid: U, data: Writable<U>): Input<U> {
  // Cast: only `null` is added to each field's own type; see the comment above.
  return data as Input<U>;
}

/**
 * A value for a JSON attribute. The engine stores it with JSON.stringify; TypeScript
 * cannot tell that an interface (no index signature) holds only JSON data, so the
 * plugin's own result types (totals, exceptions, scopes) pass through here.
 */
export function asJson<T extends object | null>(value: T): JSONValue {
  // Cast: T is plain data built by src/ (strings, numbers, arrays, objects), see above.
  return value as JSONValue;
}

type JSONValue = Modules.Documents.Params.Data.Input<'plugin::utilities.charge-run'>['totals'];

type AttributesOf<U extends PluginUid> =
  U extends `plugin::utilities.${infer K extends keyof typeof contentTypes}`
    ? (typeof contentTypes)[K]['schema']['attributes']
    : never;

/** The attributes a content type's schema marks `required: true`. */
type RequiredField<U extends PluginUid> = {
  [K in keyof AttributesOf<U>]: AttributesOf<U>[K] extends { required: true } ? K : never;
}[keyof AttributesOf<U>] &
  keyof Entity<U>;

/**
 * A stored document as the document service returns it. Strapi's result type makes every
 * field optional and nullable; a field the schema marks required is refused on create and
 * update when missing, so a stored document always has it — this type says so (derived from
 * the schema, not restated). The timestamps Strapi adds come back as ISO text.
 */
export type Stored<U extends PluginUid> = Omit<Entity<U>, RequiredField<U>> & {
  [K in RequiredField<U>]-?: NonNullable<Entity<U>[K]>;
} & { documentId: string; createdAt?: string; updatedAt?: string };

/**
 * A JSON attribute read back as the plugin's own type: the mirror of asJson. What the
 * plugin stores there was built by src/ from validated input and written through asJson.
 */
export function fromJson<T>(value: JSONValue | undefined): T {
  // Cast: see above; the engine hands back what JSON.stringify stored.
  return value as T;
}
