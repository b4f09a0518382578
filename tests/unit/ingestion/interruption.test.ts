import { IngestionInterrupted, ShutdownAbort, interruptionCause } from '../../../src/ingestion/interruption';

test('each abort reason is told in words a person can act on', () => {
  // What AbortSignal.timeout aborts with.
  expect(interruptionCause(new DOMException('The operation timed out.', 'TimeoutError'))).toBe(
    'the time budget for one file (channels.timeouts.fileMs) ran out',
  );
  const lost = Object.assign(new Error('held'), { name: 'LeaseBusyError' });
  expect(interruptionCause(lost)).toBe('another instance took over the pull of this channel');
  expect(interruptionCause(new ShutdownAbort())).toBe('the server was shutting down');
  expect(interruptionCause(new Error('the operator cancelled'))).toBe('the operator cancelled');
  expect(interruptionCause(undefined)).toBe('the pull was cancelled');
  expect(interruptionCause('aborted')).toBe('the pull was cancelled');
});

test('the log message names the checkpoint row and says the next pull resumes there', () => {
  const stop = new IngestionInterrupted(6749, new ShutdownAbort());
  expect(stop.rowsDone).toBe(6749);
  expect(stop.logMessage).toBe(
    'Processing stopped after row 6749: the server was shutting down. The next pull resumes the file from there; nothing stored is read again.',
  );
});
