import config from '../../../server/config';

/** The config validator runs at start-up: a bad plugin config stops Strapi with a message that says what to fix. */
describe('plugin config validator', () => {
  test.each([
    [{}],
    [{ modules: { billing: false } }],
    [{ modules: { utilities: true, devices: false, billing: true, usage: false }, cron: { enabled: false }, defaultTimezone: 'Europe/Zurich' }],
  ])('accepts %j', (value) => {
    expect(() => config.validator(value)).not.toThrow();
  });

  test.each([
    [{ modules: { billing: 'no' } }, 'modules.billing must be true or false'],
    [{ modules: { invoicing: true } }, 'modules'],
    [{ cron: { enabled: 1 } }, 'cron.enabled must be true or false'],
    [{ defaultTimezone: 'Mars/Olympus' }, 'defaultTimezone must be an IANA time zone'],
  ])('refuses %j naming the problem', (value, message) => {
    expect(() => config.validator(value)).toThrow(/Invalid config for plugin "utilities"/);
    expect(() => config.validator(value)).toThrow(message);
  });

  test('defaults switch every module on', () => {
    expect(config.default.modules).toEqual({ utilities: true, devices: true, billing: true, usage: true });
  });
});
