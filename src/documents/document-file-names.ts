/**
 * File names of billing documents: a document is offered as `<number>.pdf`, its number
 * with anything but letters, digits, `.`, `_` and `-` replaced by `_` (a pattern may
 * put `/` or spaces in a number; a file name must not carry them).
 */
export const documentFileName = (number: string, suffix = '') =>
  `${number.replace(/[^A-Za-z0-9._-]/g, '_')}${suffix ? `-${suffix.replace(/[^A-Za-z0-9._-]/g, '_')}` : ''}.pdf`;

/**
 * The names of a run's documents in one ZIP, in the order given. Numbers are unique per
 * issuer, not across issuers: a run over two buildings with their own issuers can hold
 * `2026-000022` twice. Such a number (and one that only the replaced characters made
 * equal) is named with its billing point's code as well, `2026-000022-LS1-01.pdf`; a
 * billing point has one issuer, so that is unique — and, should it not be, a counter is.
 */
export function documentFileNames(documents: readonly { number: string; billingPointCode: string }[]) {
  const plain = documents.map((d) => documentFileName(d.number));
  const count = new Map<string, number>();
  for (const name of plain) count.set(name, (count.get(name) ?? 0) + 1);
  const taken = new Set<string>();
  return documents.map((d, i) => {
    let name = count.get(plain[i]) === 1 ? plain[i] : documentFileName(d.number, d.billingPointCode);
    for (let n = 2; taken.has(name); n++) name = documentFileName(d.number, `${d.billingPointCode}-${n}`);
    taken.add(name);
    return name;
  });
}
