import type { ChannelHandler, ConfigField, HandlerCapabilities, SelectOption, VisibleWhen } from './handler';
import { cronProblem } from './schedule';

/**
 * The handlers a Strapi app offers for its channels: the built-in ones plus any a
 * developer registers. Registration checks the definition, so a schema mistake (a
 * duplicate key, a condition on a field that does not exist, a default that is not
 * one of the options) fails when the app boots — not when an editor saves a channel.
 */

const HANDLER_ID = /^[a-z][a-z0-9-]{0,63}$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD_TYPES = new Set(['string', 'text', 'number', 'boolean', 'select', 'secret', 'cron', 'path']);

export class HandlerDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerDefinitionError';
  }
}

/** A field as the admin receives it: JSON only, no server-side check function. */
export type DescribedField = ConfigField extends infer F
  ? F extends ConfigField
    ? Omit<F, 'check'>
    : never
  : never;

export type HandlerDescription = {
  id: string;
  name: string;
  description: string;
  capabilities: HandlerCapabilities;
  configSchema: DescribedField[];
};

export class HandlerRegistry {
  private readonly handlers = new Map<string, ChannelHandler>();

  register(handler: ChannelHandler): void {
    assertValidHandler(handler);
    if (this.handlers.has(handler.id)) {
      throw new HandlerDefinitionError(`A channel handler with id "${handler.id}" is already registered`);
    }
    this.handlers.set(handler.id, handler);
  }

  get(id: string): ChannelHandler | undefined {
    return this.handlers.get(id);
  }

  has(id: string): boolean {
    return this.handlers.has(id);
  }

  list(): ChannelHandler[] {
    return [...this.handlers.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
  }

  describe(): HandlerDescription[] {
    return this.list().map(describeHandler);
  }
}

export function describeHandler(handler: ChannelHandler): HandlerDescription {
  return {
    id: handler.id,
    name: handler.name,
    description: handler.description,
    capabilities: { ...handler.capabilities },
    configSchema: handler.configSchema.map(({ check: _check, ...rest }) =>
      structuredClone<DescribedField>(rest),
    ),
  };
}

export function assertValidHandler(handler: ChannelHandler): void {
  const fail = (message: string): never => {
    throw new HandlerDefinitionError(`Channel handler "${String(handler?.id)}": ${message}`);
  };
  if (typeof handler !== 'object' || handler === null) fail('must be an object');
  if (typeof handler.id !== 'string' || !HANDLER_ID.test(handler.id)) {
    fail(
      'id must start with a lowercase letter and contain only lowercase letters, digits and dashes (max 64)',
    );
  }
  if (typeof handler.name !== 'string' || handler.name.trim() === '') fail('name is required');
  if (typeof handler.description !== 'string') fail('description must be text');
  const caps = handler.capabilities;
  if (!caps || typeof caps.pull !== 'boolean' || typeof caps.remoteFiles !== 'boolean') {
    fail('capabilities must be { pull: boolean, remoteFiles: boolean }');
  }
  for (const fn of ['testConnection', 'listRemoteFiles', 'openRemoteFile'] as const) {
    if (typeof handler[fn] !== 'function') fail(`${fn} must be a function`);
  }
  if (handler.afterProcessing !== undefined && typeof handler.afterProcessing !== 'function')
    fail('afterProcessing must be a function');
  if (!Array.isArray(handler.configSchema)) fail('configSchema must be a list of fields');

  const seen = new Map<string, ConfigField>();
  for (const field of handler.configSchema) {
    const where = `field "${String(field?.key)}"`;
    if (typeof field.key !== 'string' || !FIELD_KEY.test(field.key))
      fail(`${where}: key must be an identifier (letters, digits, "_")`);
    if (seen.has(field.key)) fail(`${where} is declared twice`);
    if (!FIELD_TYPES.has(field.type)) fail(`${where}: unknown type "${String(field.type)}"`);
    if (typeof field.label !== 'string' || field.label.trim() === '') fail(`${where}: label is required`);
    if (field.type === 'secret' && 'default' in field) fail(`${where}: a secret cannot have a default`);
    if (field.type === 'select') checkOptions(field.options, field.default, where, fail);
    if (
      field.type === 'number' &&
      field.min !== undefined &&
      field.max !== undefined &&
      field.min > field.max
    ) {
      fail(`${where}: min is greater than max`);
    }
    if (field.type === 'cron' && field.default !== undefined && cronProblem(field.default))
      fail(`${where}: default is not a valid cron expression`);
    const conditions: VisibleWhen[] =
      field.visibleWhen === undefined
        ? []
        : Array.isArray(field.visibleWhen)
          ? field.visibleWhen
          : [field.visibleWhen];
    for (const condition of conditions) {
      const controller = seen.get(condition?.field);
      if (!controller)
        fail(
          `${where}: visibleWhen refers to "${String(condition?.field)}", which must be a field declared before it`,
        );
      if (!Array.isArray(condition.equals) || condition.equals.length === 0)
        fail(`${where}: visibleWhen.equals must list at least one value`);
      if (controller!.type === 'secret') fail(`${where}: visibleWhen cannot depend on a secret`);
      if (controller!.type === 'select') {
        const values = controller!.options.map((o) => o.value);
        for (const v of condition.equals) {
          if (!values.includes(v as string))
            fail(`${where}: visibleWhen value "${String(v)}" is not an option of "${controller!.key}"`);
        }
      }
    }
    seen.set(field.key, field);
  }
}

function checkOptions(
  options: SelectOption[],
  fallback: string | undefined,
  where: string,
  fail: (m: string) => never,
): void {
  if (!Array.isArray(options) || options.length === 0) fail(`${where}: a select needs options`);
  const values = new Set<string>();
  for (const option of options) {
    if (typeof option?.value !== 'string' || typeof option?.label !== 'string')
      fail(`${where}: options must be { value, label } text pairs`);
    if (values.has(option.value)) fail(`${where}: option "${option.value}" is listed twice`);
    values.add(option.value);
  }
  if (fallback !== undefined && !values.has(fallback))
    fail(`${where}: default "${fallback}" is not one of the options`);
}
