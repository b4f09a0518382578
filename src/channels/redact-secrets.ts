/**
 * Scrubs secrets out of a text (an error message, a log line) before it is stored or
 * logged. Libraries echo what they were given — a key parser may quote a line of the
 * key, a URL may carry a password percent-encoded — so besides each whole secret this
 * also removes its percent-encoded form and, for multi-line secrets (private keys),
 * every line long enough to be sensitive on its own.
 */

export const REDACTED = '[redacted]';
const MIN_LINE_LENGTH = 8;

export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[]): string {
  if (typeof text !== 'string' || text === '') return text;
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    needles.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) needles.add(encoded);
    if (/[\r\n]/.test(secret)) {
      for (const line of secret.split(/\r?\n|\r/)) {
        const trimmed = line.trim();
        if (trimmed.length >= MIN_LINE_LENGTH && !/^-----(BEGIN|END) /.test(trimmed)) needles.add(trimmed);
      }
    }
  }
  // Longest first, so a secret that contains another is removed whole.
  let result = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    result = result.split(needle).join(REDACTED);
  }
  return result;
}
