import { settleCosts } from '../../../src/allocation';
import { settlementCsv } from '../../../server/services/allocation/settlement-runs';
import { lakeside } from './fixtures';

describe('the settlement CSV', () => {
  it('has one row per party, category and key, then the party total, and neutralises formula-like text', () => {
    const input = lakeside();
    input.billingPoints[0].name = '=HYPERLINK("http://x") Flat A';
    const csv = settlementCsv(settleCosts(input));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 3 * 3);
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""http://x"") Flat A",tenant-a,occupant,365,Heating energy,heated area (m²),30,100,200,150.00,150.00,,`,
    );
    expect(lines[3]).toBe(
      `"'=HYPERLINK(""http://x"") Flat A",tenant-a,occupant,365,Total,,,,,,500.00,0.00,500.00`,
    );
    expect(lines[9]).toBe('C,owner,owner,365,Total,,,,,,176.67,0.00,176.67');
  });
});
