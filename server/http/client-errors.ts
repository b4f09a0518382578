import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node refuses before any middleware runs — headers too large (431), a
 * malformed request line (400), a request that took too long to arrive (408) — are
 * answered by Node with a status line and an empty body. A client of this API expects
 * Strapi's error body on every error; this listener writes it (with the status Node
 * would have chosen), so "431 Request Header Fields Too Large" says what to do.
 */
const ANSWERS: Record<string, { status: number; reason: string; name: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    name: 'RequestHeaderFieldsTooLargeError',
    message:
      'The request headers are too large for this server; send fewer or shorter headers (large cookies are the usual cause)',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    name: 'PayloadTooLargeError',
    message: 'The chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    name: 'RequestTimeoutError',
    message: 'The request did not arrive in time',
  },
};
const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  name: 'BadRequestError',
  message: 'The request is not well-formed HTTP',
};

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or a socket already answered: nothing to say.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = (error.code && ANSWERS[error.code]) || BAD_REQUEST;
    const body = JSON.stringify({
      data: null,
      error: { status: answer.status, name: answer.name, message: answer.message, details: {} },
    });
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
