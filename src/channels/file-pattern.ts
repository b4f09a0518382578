/**
 * File-name patterns for channel folders: `*` (any run of characters), `?` (one
 * character), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, and `\x` to match a special
 * character literally. Patterns name files inside one folder, so `/` is refused.
 *
 * Like a shell, a wildcard never matches a leading dot: `*.csv` does not pick up
 * `.upload.csv` — many SFTP clients upload under a hidden temporary name and rename when
 * done, and ingesting a half-written file is worse than waiting one pull.
 *
 * The matcher walks the pattern itself (no RegExp built from user input), with the
 * classic single-backtrack-point algorithm: linear in practice, never exponential, so a
 * hostile pattern like `*a*a*a*a*a*b` cannot stall a pull.
 */

export const FILE_PATTERN_MAX_LENGTH = 200;

type CharClass = { negated: boolean; singles: Set<string>; ranges: [string, string][] };
type Token =
  { kind: 'star' } | { kind: 'any' } | { kind: 'literal'; char: string } | { kind: 'class'; cls: CharClass };

export type FilePattern = {
  readonly source: string;
  readonly caseInsensitive: boolean;
  matches(fileName: string): boolean;
};

export class FilePatternError extends Error {
  /** The problem as a predicate ("must not contain …"), to follow a field label. */
  readonly problem: string;

  constructor(problem: string) {
    super(`The file pattern ${problem}`);
    this.name = 'FilePatternError';
    this.problem = problem;
  }
}

/** Throws FilePatternError with a message naming the problem; see `filePatternProblem`. */
export function compileFilePattern(
  pattern: string,
  options: { caseInsensitive?: boolean } = {},
): FilePattern {
  const caseInsensitive = options.caseInsensitive ?? false;
  const tokens = tokenize(pattern, caseInsensitive);
  return {
    source: pattern,
    caseInsensitive,
    matches: (fileName: string) => {
      const name = Array.from(caseInsensitive ? fold(fileName) : fileName);
      if (name.length > 0 && name[0] === '.' && !(tokens[0]?.kind === 'literal' && tokens[0].char === '.'))
        return false;
      return matchTokens(tokens, name);
    },
  };
}

/** What is wrong with a pattern, as a predicate ("must not contain …"), or null when it compiles. */
export function filePatternProblem(pattern: string): string | null {
  try {
    compileFilePattern(pattern);
    return null;
  } catch (error) {
    if (error instanceof FilePatternError) return error.problem;
    throw error;
  }
}

function fold(text: string): string {
  return text.toLowerCase();
}

function tokenize(pattern: string, caseInsensitive: boolean): Token[] {
  if (typeof pattern !== 'string' || pattern.length === 0) throw new FilePatternError('is empty');
  if (pattern.length > FILE_PATTERN_MAX_LENGTH) {
    throw new FilePatternError(`must be at most ${FILE_PATTERN_MAX_LENGTH} characters`);
  }
  if (pattern.includes('/')) {
    throw new FilePatternError('must not contain "/": it matches file names inside the folder');
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point: the class names them
  if (/[\u0000-\u001f\u007f]/.test(pattern)) throw new FilePatternError('contains a control character');
  const chars = Array.from(caseInsensitive ? fold(pattern) : pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' }); // "**" is "*"
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw new FilePatternError('ends with a lone "\\"');
      tokens.push({ kind: 'literal', char: next });
      i++;
    } else if (c === '[') {
      const [cls, end] = readClass(chars, i);
      tokens.push({ kind: 'class', cls });
      i = end;
    } else if (c === ']') {
      throw new FilePatternError('has a "]" without a matching "["');
    } else {
      tokens.push({ kind: 'literal', char: c });
    }
  }
  return tokens;
}

/** Reads `[...]` starting at `start`; returns the class and the index of its `]`. */
function readClass(chars: string[], start: number): [CharClass, number] {
  let i = start + 1;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i++;
  const singles = new Set<string>();
  const ranges: [string, string][] = [];
  let first = true;
  while (i < chars.length && (chars[i] !== ']' || first)) {
    let c = chars[i];
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) break;
    }
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
      let to = chars[i + 2];
      let skip = 2;
      if (to === '\\') {
        to = chars[i + 3];
        skip = 3;
        if (to === undefined) break;
      }
      if (c.codePointAt(0)! > to.codePointAt(0)!) {
        throw new FilePatternError(`has a reversed range "[${c}-${to}]"`);
      }
      ranges.push([c, to]);
      i += skip + 1;
    } else {
      singles.add(c);
      i++;
    }
    first = false;
  }
  if (i >= chars.length) throw new FilePatternError('has a "[" without a closing "]"');
  if (singles.size === 0 && ranges.length === 0) throw new FilePatternError('has an empty "[]"');
  return [{ negated, singles, ranges }, i];
}

function classMatches(cls: CharClass, c: string): boolean {
  const code = c.codePointAt(0)!;
  const inside =
    cls.singles.has(c) || cls.ranges.some(([a, b]) => code >= a.codePointAt(0)! && code <= b.codePointAt(0)!);
  return inside !== cls.negated;
}

function stepMatches(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'any':
      return true;
    case 'literal':
      return token.char === c;
    case 'class':
      return classMatches(token.cls, c);
    case 'star':
      return false;
  }
}

/**
 * Greedy matching with one backtrack point: on a mismatch, let the most recent `*`
 * swallow one more character and retry from there. Earlier stars never need revisiting,
 * which is what keeps this O(pattern × name).
 */
function matchTokens(tokens: Token[], name: string[]): boolean {
  let t = 0;
  let n = 0;
  let starAt = -1;
  let starName = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token && token.kind === 'star') {
      starAt = t++;
      starName = n;
    } else if (token && stepMatches(token, name[n])) {
      t++;
      n++;
    } else if (starAt >= 0) {
      t = starAt + 1;
      n = ++starName;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}
