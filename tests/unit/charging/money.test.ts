import {
  Dec,
  lineAmount,
  lineVat,
  minorUnitDigits,
  moneyText,
  roundToMinorUnit,
} from '../../../src/charging';

describe('money', () => {
  it('knows the minor unit of common and unusual currencies', () => {
    expect(minorUnitDigits('CHF')).toBe(2);
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(minorUnitDigits('CLF')).toBe(4);
  });

  it('rounds half away from zero, to the minor unit', () => {
    expect(roundToMinorUnit(new Dec('0.125'), 'CHF').toFixed()).toBe('0.13');
    expect(roundToMinorUnit(new Dec('0.124999'), 'CHF').toFixed()).toBe('0.12');
    expect(roundToMinorUnit(new Dec('-0.125'), 'CHF').toFixed()).toBe('-0.13');
    expect(roundToMinorUnit(new Dec('1234.5'), 'JPY').toFixed()).toBe('1235');
    expect(roundToMinorUnit(new Dec('1.2345'), 'KWD').toFixed()).toBe('1.235');
  });

  it('prints every minor-unit digit', () => {
    expect(moneyText(new Dec('12.5'), 'CHF')).toBe('12.50');
    expect(moneyText(new Dec('7'), 'KWD')).toBe('7.000');
    expect(moneyText(new Dec('7'), 'JPY')).toBe('7');
  });

  it('prices a line and its VAT without binary floating point', () => {
    // 0.1 × 3 is 0.30000000000000004 in floats; in decimals it is 0.3.
    expect(lineAmount(new Dec('0.1'), new Dec('3'), 'CHF').toFixed(2)).toBe('0.30');
    // 33.333 m³ × 2.35 = 78.33255 → 78.33; VAT 8.1 % of 78.33 = 6.34473 → 6.34
    const amount = lineAmount(new Dec('33.333'), new Dec('2.35'), 'CHF');
    expect(amount.toFixed(2)).toBe('78.33');
    expect(lineVat(amount, new Dec('8.1'), 'CHF').toFixed(2)).toBe('6.34');
  });
});
