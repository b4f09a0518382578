import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the e-mail tests (smtp-server, no TLS, AUTH
 * PLAIN/LOGIN with one user required). It keeps every message it accepts, parsed
 * (mailparser), and refuses RCPT for bounce@… with 550, so a failure comes from a
 * server's answer.
 */
export type SmtpSink = { port: number; received: ParsedMail[]; close: () => Promise<void> };

export function startSmtpSink(user: string, password: string): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user: 'billing' });
      else callback(new Error('535 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce@')) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise((resolve) => {
    smtp.listen(0, '127.0.0.1', () =>
      resolve({
        port: (smtp.server.address() as AddressInfo).port,
        received,
        close: () => new Promise<void>((r) => smtp.close(() => r())),
      }),
    );
  });
}

/** A port nothing listens on: bound, noted and closed again. */
export async function deadPort(): Promise<number> {
  const server = new SMTPServer({ logger: false });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const free = (server.server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return free;
}
