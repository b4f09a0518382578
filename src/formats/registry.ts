import { DomainError, conflict, invalid } from '../common/errors';
import { csvFormat } from './csv/csv-format';
import { FORMAT_ID_PATTERN, type AnyMeterFileFormat } from './format';
import { nem12Format } from './nem12/nem12-format';

/**
 * The meter-file formats a channel can choose from. The built-ins are
 * registered by {@link createFormatRegistry}; a host app or a custom handler
 * adds its own with `register`. Ids are permanent (channel configs store them),
 * so registering one twice is a programming error and throws.
 */
export class FormatRegistry {
  private readonly formats = new Map<string, AnyMeterFileFormat>();

  register(format: AnyMeterFileFormat): this {
    if (!FORMAT_ID_PATTERN.test(format.id)) {
      throw invalid(
        `A meter-file format id must be lowercase letters, digits and dashes (got "${format.id}")`,
      );
    }
    const existing = this.formats.get(format.id);
    if (existing) {
      throw conflict(
        `A meter-file format with id "${format.id}" is already registered ("${existing.label}")`,
        {
          id: format.id,
        },
      );
    }
    this.formats.set(format.id, format);
    return this;
  }

  has(id: string): boolean {
    return this.formats.has(id);
  }

  find(id: string): AnyMeterFileFormat | undefined {
    return this.formats.get(id);
  }

  /** Like `find`, but an unknown id is a not-found DomainError naming the known ones. */
  get(id: string): AnyMeterFileFormat {
    const format = this.formats.get(id);
    if (!format) {
      const known = [...this.formats.keys()].join(', ') || 'none';
      throw new DomainError(
        'not-found',
        `Meter-file format "${id}" was not found (known formats: ${known})`,
        { id },
      );
    }
    return format;
  }

  /** In registration order: the built-ins first. */
  list(): AnyMeterFileFormat[] {
    return [...this.formats.values()];
  }
}

export const BUILT_IN_FORMATS: readonly AnyMeterFileFormat[] = [csvFormat, nem12Format];

export function createFormatRegistry(extra: AnyMeterFileFormat[] = []): FormatRegistry {
  const registry = new FormatRegistry();
  for (const format of [...BUILT_IN_FORMATS, ...extra]) registry.register(format);
  return registry;
}
