import { DateTime } from 'luxon';
import { formatDay } from './calendar';
import { formatInstant } from './instant';
import type { ChargingExceptionCode, ExceptionParams } from './exception-codes';
import type { ChargingException, ChargingExceptionKind } from './types';

/**
 * Collects the exceptions of one billing point's charge, once each (the same
 * missing read seen from two neighbouring parts is one exception), in the
 * order found — which is deterministic because the builder walks its input in
 * canonical order.
 */
export class ExceptionCollector {
  private readonly seen = new Set<string>();
  readonly list: ChargingException[] = [];

  constructor(
    private readonly billingPointId: string,
    private readonly timeZone: string,
  ) {}

  /**
   * `params` fill the code's translated message; an instant parameter (`…Time`)
   * brings the billing point's zone along so the admin shows it where it happened.
   */
  add(
    kind: ChargingExceptionKind,
    code: ChargingExceptionCode,
    params: ExceptionParams,
    message: string,
    subject: Omit<ChargingException, 'kind' | 'code' | 'params' | 'message' | 'billingPointId'> = {},
  ): void {
    const withZone = Object.keys(params).some((key) => key.endsWith('Time'))
      ? { ...params, timeZone: this.timeZone }
      : params;
    const exception: ChargingException = {
      kind,
      code,
      params: withZone,
      message,
      billingPointId: this.billingPointId,
      ...subject,
    };
    const key = JSON.stringify(exception);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(exception);
  }

  /** A local date-time people can recognise, e.g. "2024-06-15 00:00 Europe/Zurich". */
  local(ms: number): string {
    return `${DateTime.fromMillis(ms, { zone: this.timeZone }).toFormat('yyyy-MM-dd HH:mm')} ${this.timeZone}`;
  }

  instant(ms: number): string {
    return formatInstant(ms);
  }

  day(day: number): string {
    return formatDay(day);
  }
}
