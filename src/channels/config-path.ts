import { posix } from 'node:path';

/**
 * Normalises a folder path typed into a channel form: POSIX separators, no "." or empty
 * segments, no trailing slash, and never a ".." left after resolving — a configured
 * folder that climbs out of where it starts is almost always a mistake, and for the
 * local-folder handler it would be an escape. Returns a message instead when unusable.
 */
export const PATH_MAX_LENGTH = 1024;

export type PathResult = { ok: true; path: string } | { ok: false; message: string };

export function normalizeConfigPath(raw: string, options: { absolute?: boolean } = {}): PathResult {
  const text = raw.trim();
  if (text.length > PATH_MAX_LENGTH)
    return { ok: false, message: `must be at most ${PATH_MAX_LENGTH} characters` };
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point: the class names them
  if (/[\u0000-\u001f\u007f]/.test(text)) return { ok: false, message: 'contains a control character' };
  if (text.includes('\\')) return { ok: false, message: 'must use "/" as the folder separator' };
  let path = posix.normalize(text);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path.split('/').includes('..'))
    return { ok: false, message: 'must not go above its starting folder with ".."' };
  if (options.absolute && !path.startsWith('/'))
    return { ok: false, message: 'must be an absolute path (starting with "/")' };
  return { ok: true, path };
}
