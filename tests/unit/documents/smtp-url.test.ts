import { parseSmtpUrl } from '../../../src/documents/smtp-url';

describe('the SMTP URL of a deployment', () => {
  test.each([
    [
      'smtp://mail.example.ch',
      { host: 'mail.example.ch', port: 587, secure: false, requireTls: false, user: null, password: null },
    ],
    [
      'smtps://mail.example.ch',
      { host: 'mail.example.ch', port: 465, secure: true, requireTls: false, user: null, password: null },
    ],
    [
      'smtp://rechnungen%40example.ch:p%40ss%3Aw0rd@127.0.0.1:2525?requireTls=true',
      {
        host: '127.0.0.1',
        port: 2525,
        secure: false,
        requireTls: true,
        user: 'rechnungen@example.ch',
        password: 'p@ss:w0rd',
      },
    ],
    [
      'smtp://[::1]:25',
      { host: '::1', port: 25, secure: false, requireTls: false, user: null, password: null },
    ],
  ])('%s', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  test.each([
    ['mail.example.ch', 'is not a URL such as smtp://user:password@mail.example.ch:587'],
    ['http://mail.example.ch', 'must start with smtp:// or smtps://'],
    ['smtp://mail.example.ch/inbox', 'takes no path after the host'],
    ['smtp://mail.example.ch?tls=1', 'has an unknown parameter "tls" (only requireTls)'],
    ['smtp://mail.example.ch?requireTls=yes', 'requireTls must be true or false'],
    ['smtp://:secret@mail.example.ch', 'has a password without a user'],
    ['smtp://u:%E0%A4%A@mail.example.ch', 'has a user or password that is not valid percent-encoding'],
    ['smtp://mail.example.ch:99999', 'is not a URL such as smtp://user:password@mail.example.ch:587'],
  ])('refused: %s', (url, error) => {
    const parsed = parseSmtpUrl(url);
    expect(parsed).toEqual({ error });
    // A refusal never repeats the URL (it may hold the password).
    expect(JSON.stringify(parsed)).not.toContain('secret');
  });
});
