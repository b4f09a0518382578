import type contentTypes from './index';

/**
 * Declares the plugin's content types to Strapi's type registry, the way a generated
 * app's types/generated/contentTypes.d.ts does, so `strapi.documents(uid)` and
 * `strapi.db.query(uid)` know each entity's fields. The schema objects in this folder
 * stay the one source of truth: they are `as const`, and the registry entry is derived
 * from their literal types here rather than restated by hand (a hand-written interface
 * per type would be a second copy that can drift from what Strapi actually registers).
 */

/** `as const` makes the enum lists readonly tuples; Strapi's attribute types expect mutable arrays. */
type Writable<T> = T extends (...args: never[]) => unknown ? T : { -readonly [K in keyof T]: Writable<T[K]> };

type Definitions = typeof contentTypes;

/** The fields Strapi adds when it registers a plugin content type (uid, model names). */
type Registered<K extends Extract<keyof Definitions, string>> = Writable<Definitions[K]['schema']> & {
  uid: `plugin::utilities.${K}`;
  modelType: 'contentType';
  modelName: K;
  globalId: string;
  plugin: 'utilities';
};

type PluginContentTypeSchemas = {
  [K in Extract<keyof Definitions, string> as `plugin::utilities.${K}`]: Registered<K>;
};

declare module '@strapi/strapi' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- module augmentation of Strapi's Public namespace can only be written as a namespace
  export namespace Public {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation: the body comes from the extended mapped type
    export interface ContentTypeSchemas extends PluginContentTypeSchemas {}
  }
}
