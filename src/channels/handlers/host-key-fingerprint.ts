import { createHash } from 'node:crypto';

/**
 * SSH host key fingerprints in the form `ssh-keygen -l` prints and vendors send:
 * `SHA256:` + the unpadded base64 of the SHA-256 of the public key blob, e.g.
 * `SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s`.
 */

const FINGERPRINT = /^SHA256:([A-Za-z0-9+/]{43})=?$/;

export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The canonical form (no padding), or null when the text is not a SHA256 fingerprint. */
export function parseFingerprint(text: string): string | null {
  const match = FINGERPRINT.exec(text.trim());
  return match ? `SHA256:${match[1]}` : null;
}

export function fingerprintProblem(text: string): string | null {
  if (parseFingerprint(text)) return null;
  if (/^(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(text.trim())) {
    return 'is an MD5 fingerprint; use the SHA256 one (ssh-keygen -l -E sha256 -f <host key>.pub prints it)';
  }
  return 'must be a SHA256 fingerprint as ssh-keygen -l prints it, e.g. SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
}
