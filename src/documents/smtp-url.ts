/**
 * The SMTP server given as one URL in the plugin config or the environment
 * (`UTILITIES_SMTP_URL`), the way deployments pass a mail server:
 *
 *   smtp://user:password@mail.example.ch:587     STARTTLS when offered
 *   smtp://mail.example.ch?requireTls=true      STARTTLS required
 *   smtps://user:password@mail.example.ch       TLS from the first byte (465)
 *
 * User and password are percent-decoded (a password with "@" is written %40). A
 * refusal never repeats the URL: it may hold the password.
 */
export type SmtpServer = {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user: string | null;
  password: string | null;
};

const HOST =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[?[0-9a-fA-F:.]+\]?$/;

export function parseSmtpUrl(text: string): SmtpServer | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: 'is not a URL such as smtp://user:password@mail.example.ch:587' };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return { error: 'must start with smtp:// or smtps://' };
  const host = url.hostname;
  if (!host || !HOST.test(host)) return { error: 'names no valid host' };
  if (url.pathname && url.pathname !== '/') return { error: 'takes no path after the host' };
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'requireTls');
  if (unknown.length) return { error: `has an unknown parameter "${unknown[0]}" (only requireTls)` };
  const requireTlsParam = url.searchParams.get('requireTls');
  if (requireTlsParam !== null && requireTlsParam !== 'true' && requireTlsParam !== 'false')
    return { error: 'requireTls must be true or false' };
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  let user: string | null;
  let password: string | null;
  try {
    user = url.username ? decodeURIComponent(url.username) : null;
    password = url.password ? decodeURIComponent(url.password) : null;
  } catch {
    return { error: 'has a user or password that is not valid percent-encoding' };
  }
  if (password !== null && user === null) return { error: 'has a password without a user' };
  return {
    host: host.replace(/^\[|\]$/g, ''),
    port,
    secure,
    requireTls: requireTlsParam === 'true',
    user,
    password,
  };
}
