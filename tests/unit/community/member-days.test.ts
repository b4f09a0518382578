import { subtractDays } from '../../../src/community';

describe('subtractDays: a meter is billed by the ordinary rate only outside its flat membership', () => {
  it.each([
    [
      'member for the whole installation',
      [{ from: '2024-01-01', to: null }],
      [{ from: '2023-01-01', to: null }],
      [],
    ],
    [
      'member from mid-month',
      [{ from: '2024-01-01', to: null }],
      [{ from: '2024-06-15', to: null }],
      [{ from: '2024-01-01', to: '2024-06-14' }],
    ],
    [
      'member for a stretch inside',
      [{ from: '2024-01-01', to: null }],
      [{ from: '2024-03-01', to: '2024-03-31' }],
      [
        { from: '2024-01-01', to: '2024-02-29' },
        { from: '2024-04-01', to: null },
      ],
    ],
    [
      'left and joined again',
      [{ from: '2024-01-01', to: '2024-12-31' }],
      [
        { from: '2024-05-01', to: '2024-05-31' },
        { from: '2024-01-01', to: '2024-01-31' },
      ],
      [
        { from: '2024-02-01', to: '2024-04-30' },
        { from: '2024-06-01', to: '2024-12-31' },
      ],
    ],
    [
      'membership before the installation',
      [{ from: '2024-06-01', to: null }],
      [{ from: '2024-01-01', to: '2024-02-01' }],
      [{ from: '2024-06-01', to: null }],
    ],
  ])('%s', (_what, installations, member, expected) => {
    expect(subtractDays(installations, member)).toEqual(expected);
  });
});
