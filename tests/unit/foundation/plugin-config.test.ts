import config from '../../../server/config';

/** The config validator runs at start-up: a bad plugin config stops Strapi with a message that says what to fix. */
describe('plugin config validator', () => {
  test.each([
    [{}],
    [{ modules: { billing: false } }],
    [
      {
        modules: { utilities: true, devices: false, billing: true, usage: false },
        cron: { enabled: false },
        defaultTimezone: 'Europe/Zurich',
      },
    ],
    [{ charging: { schedule: { enabled: true, cron: '0 3 1 * *', scope: 'all' } } }],
    [{ charging: { schedule: { enabled: true, scope: { building: 'DEMO-LAKE' } } } }],
    [{ channels: { outageRetry: { firstDelayMs: 500, maxDelayMs: 60_000, attempts: 0 } } }],
    [{ usage: { import: { readerHeapMb: 1024 } } }],
    [{ jobs: { heapBudgetMb: 0 } }],
    [{ jobs: { heapBudgetMb: 512 } }],
  ])('accepts %j', (value) => {
    expect(() => config.validator(value)).not.toThrow();
  });

  test.each([
    [{ modules: { billing: 'no' } }, 'modules.billing must be true or false'],
    [{ modules: { invoicing: true } }, 'modules'],
    [{ cron: { enabled: 1 } }, 'cron.enabled must be true or false'],
    [{ defaultTimezone: 'Mars/Olympus' }, 'defaultTimezone must be an IANA time zone'],
    [{ charging: { schedule: { enabled: 'yes' } } }, 'charging.schedule.enabled must be true or false'],
    [
      { charging: { schedule: { cron: 'monthly' } } },
      'charging.schedule.cron: "monthly" is not a valid cron expression',
    ],
    [{ charging: { schedule: { cron: '* * * * *' } } }, 'fires more often than every 3600 seconds'],
    [
      { charging: { schedule: { scope: { billingPoint: 'X' } } } },
      'charging.schedule.scope must be "all" or { building: "<building code>" }',
    ],
    [
      { channels: { outageRetry: { firstDelayMs: 10 } } },
      'channels.outageRetry.firstDelayMs must be at least 100 ms',
    ],
    [
      { channels: { outageRetry: { attempts: 2.5 } } },
      'channels.outageRetry.attempts must be a whole number',
    ],
    [{ channels: { outageRetry: { attempts: 1000 } } }, 'channels.outageRetry.attempts must be at most 100'],
    [{ channels: { outageRetry: { jitter: true } } }, 'channels.outageRetry'],
    [{ usage: { import: { readerHeapMb: 8 } } }, 'usage.import.readerHeapMb must be at least 16'],
    [{ usage: { import: { readerHeapMb: 'lots' } } }, 'usage.import.readerHeapMb must be a number'],
    [{ jobs: { heapBudgetMb: -1 } }, 'jobs.heapBudgetMb must be at least 0 (0: leave the heap to V8)'],
    [{ jobs: { heapBudgetMb: 1.5 } }, 'jobs.heapBudgetMb must be a whole number'],
    [{ jobs: { heapBudget: 64 } }, 'jobs'],
  ])('refuses %j naming the problem', (value, message) => {
    expect(() => config.validator(value)).toThrow(/Invalid config for plugin "utilities"/);
    expect(() => config.validator(value)).toThrow(message);
  });

  test('the scheduled charge run is off by default: an operator opts in', () => {
    expect(config.default.charging).toEqual({
      schedule: { enabled: false, cron: '0 3 1 * *', scope: 'all' },
      // How long a node's claim on a running charge run lasts without a heartbeat.
      runLeaseTtlMs: 60_000,
    });
  });

  test('defaults switch every module on', () => {
    expect(config.default.modules).toEqual({ utilities: true, devices: true, billing: true, usage: true });
  });
});
