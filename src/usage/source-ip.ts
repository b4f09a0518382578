import { isIP } from 'node:net';
import { accept, kindOf, refuse, shown, type FieldResult } from './field-value';

/**
 * SrcIp: the address the record came from. A device behind NAT may report its own
 * address, and a spreadsheet may carry it; otherwise the route passes the request's
 * address. IPv6 is lower-cased so one address has one spelling; an IPv6 zone
 * ("fe80::1%eth0") is accepted as Node's `isIP` accepts it.
 */
export const SOURCE_IP_MAX_LENGTH = 64;

export function readSourceIp(value: unknown): FieldResult<string | null> {
  if (value === undefined || value === null) return accept(null);
  if (Array.isArray(value))
    return refuse('must be a single value, not a list (was it given more than once?)');
  if (typeof value !== 'string') return refuse(`must be an IP address written as text, not ${kindOf(value)}`);
  const text = value.trim();
  if (text === '') return refuse('is empty; leave the field out when the address is unknown');
  if (text.length > SOURCE_IP_MAX_LENGTH)
    return refuse(`is too long to be an IP address (${text.length} characters)`);
  const version = isIP(text);
  if (version === 0) return refuse(`must be an IPv4 or IPv6 address like 10.50.190.201 (got ${shown(text)})`);
  return accept(version === 6 ? text.toLowerCase() : text);
}
