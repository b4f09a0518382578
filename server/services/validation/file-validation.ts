import { RegisterValidator, type ReadingFlag } from '../../../src/validation/register-validator';
import { amountOf } from '../../../src/validation/scaled-amount';
import type { NewReading } from '../../database/reading-inserts';

/**
 * The VEE step of one file, run from the readings the ingestion pipeline has just stored
 * instead of reading them back: the pipeline hands over each transaction's new readings,
 * and once they are committed they go through their register's validator, which lives as
 * long as the file (constant memory per register; the readings themselves are held for
 * one transaction only). A register's look-back — the reads before its first new one,
 * with their quality — is loaded once, for 50 registers at a time, and not at all for a
 * register the pipeline had nothing stored for (`firstOfRegister`).
 *
 * This gives the same verdicts as validating the file's span of each register from the
 * database (`validateSpans`) only while the file's readings of a register are exactly what
 * is stored in that span: every one new, each later than the one before and than anything
 * stored before the file. A register where that does not hold (a duplicate, a conflict, an
 * older or repeated time, a row the unique index turned away) is "broken" and validated
 * from the database at the end of the file, as before. A file resumed after a crash is
 * never validated here: the caller validates all of it from the database
 * (`afterFileStored` without a handle), so readings committed just before the crash are
 * validated too.
 */
export type RunCounts = { registers: number; checked: number; flagged: number; cleared: number };
export type FileSpan = { meter_number: string; register: string; lo: number; hi: number };
/** A look-back read: a stored read before the register's first new one, with its quality. */
export type LookbackRead = {
  reading_at: number | string;
  value: string;
  kind: string;
  state: 'valid' | 'suspect' | 'estimated' | 'edited' | 'accepted' | null;
  effective_value: string | null;
  id: number | string;
};
/** A flag on a new reading, before its id is known. */
export type NewFlag = { flag: ReadingFlag; meterNumber: string; register: string; at: number };

/** What file validation needs of the validation-runs service. */
export type FileValidationDeps<M> = {
  /** Rules, rollover and occupancy of these meters (loaded METER_BATCH at a time by the caller). */
  meters(meterNumbers: string[]): Promise<Map<string, M>>;
  /** Validator options of a meter. */
  optionsOf(meter: M): Omit<ConstructorParameters<typeof RegisterValidator>[0], 'kind' | 'flagFrom'>;
  /** Per register (first new read at `lo`), its look-back reads in time order; one query per batch. */
  lookbacks(batch: { meter: M; register: string; lo: number }[]): Promise<LookbackRead[][]>;
  /** Registers whose look-backs are loaded together. */
  batchSize: number;
  /** Stores flags of new readings (none has a quality row yet). */
  storeNew(flags: NewFlag[]): Promise<void>;
  /** The database path over these spans (the broken registers). */
  validateSpans(spans: FileSpan[]): Promise<RunCounts>;
  /** The sum check over the file's spans. */
  sumCheck(spans: FileSpan[]): Promise<{ flagged: number; cleared: number }>;
  /** The file's spans as the database has them (used when a register broke). */
  storedSpans(): Promise<FileSpan[]>;
  warn(message: string): void;
};

/** What the ingestion pipeline and the end of a file see of a file's validation. */
export interface FileValidationHandle {
  stored(readings: readonly NewReading[]): void;
  breaks(meterNumber: string, register: string): void;
  firstOfRegister(meterNumber: string, register: string): void;
  rolledBack(): void;
  committed(): Promise<void>;
  readonly usable: boolean;
  finish(): Promise<RunCounts>;
}

type Register = {
  meterNumber: string;
  register: string;
  lo: number;
  hi: number;
  validator: RegisterValidator | null;
};
const keyOf = (meterNumber: string, register: string) => `${meterNumber}\u0000${register}`;

export class FileValidation<M> implements FileValidationHandle {
  private readonly registers = new Map<string, Register>();
  private readonly broken = new Set<string>();
  /** Registers whose first reading ever is in this file (until their validator opens). */
  private readonly withoutLookback = new Set<string>();
  private pending: NewReading[] = [];
  private failed = false;
  private readonly counts: RunCounts = { registers: 0, checked: 0, flagged: 0, cleared: 0 };

  constructor(private readonly deps: FileValidationDeps<M>) {}

  /** New readings of the open transaction (held until it commits). */
  stored(readings: readonly NewReading[]) {
    if (!this.failed) for (const r of readings) this.pending.push(r);
  }

  /** A row of this register that is not a plain new reading after the previous one: the register is validated from the database. */
  breaks(meterNumber: string, register: string) {
    this.broken.add(keyOf(meterNumber, register));
  }

  /**
   * A new reading is its register's first: the pipeline had nothing stored for the register
   * (its latest stored time per register, loaded with the meter) and no earlier reading of it
   * in this file. Its look-back is empty, so it is not queried — for a file of new meters,
   * that is every look-back query.
   */
  firstOfRegister(meterNumber: string, register: string) {
    this.withoutLookback.add(keyOf(meterNumber, register));
  }

  /** The open transaction was rolled back: its readings were never stored. */
  rolledBack() {
    this.pending = [];
  }

  /** The open transaction committed: its readings go through their validators, their flags are stored. */
  async committed() {
    const readings = this.pending;
    this.pending = [];
    if (this.failed || readings.length === 0) return;
    try {
      await this.validate(readings.filter((r) => !this.broken.has(keyOf(r.meter_number, r.register))));
    } catch (error) {
      // The file is stored; its validation goes the database way at the end instead.
      this.failed = true;
      this.deps.warn(
        `Validation from memory failed, the file is validated from the database: ${(error as Error).message}`,
      );
    }
  }

  /** Whether every committed reading went through here (else the caller validates the file from the database). */
  get usable() {
    return !this.failed;
  }

  /** After the file: the broken registers from the database, then the sum check over the file's spans. */
  async finish(): Promise<RunCounts> {
    const total = { ...this.counts };
    let spans: FileSpan[];
    if (this.broken.size) {
      spans = await this.deps.storedSpans();
      const fromDb = await this.deps.validateSpans(
        spans.filter((s) => this.broken.has(keyOf(s.meter_number, s.register))),
      );
      // Registers validated from the database count there only.
      for (const k of this.broken) if (this.registers.has(k)) total.registers--;
      for (const k of Object.keys(total) as (keyof RunCounts)[]) total[k] += fromDb[k];
    } else {
      spans = [...this.registers.values()].map((r) => ({
        meter_number: r.meterNumber,
        register: r.register,
        lo: r.lo,
        hi: r.hi,
      }));
    }
    const sums = await this.deps.sumCheck(spans);
    return { ...total, flagged: total.flagged + sums.flagged, cleared: total.cleared + sums.cleared };
  }

  private async validate(readings: NewReading[]) {
    await this.openRegisters(readings);
    const flags: NewFlag[] = [];
    for (const r of readings) {
      const reg = this.registers.get(keyOf(r.meter_number, r.register))!;
      if (r.reading_at > reg.hi) reg.hi = r.reading_at;
      reg.validator ??= this.validatorFor(reg, r.kind);
      const value = amountOf(r.value);
      // A value no decimal parser reads can't be judged; it stays as it is (charging reports it).
      if (!value) continue;
      const flag = reg.validator.add({ id: 0, at: r.reading_at, value, state: 'valid' });
      this.counts.checked++;
      if (flag) flags.push({ flag, meterNumber: r.meter_number, register: r.register, at: r.reading_at });
    }
    if (flags.length) await this.deps.storeNew(flags);
    this.counts.flagged += flags.length;
  }

  private metersLoaded = new Map<string, M>();

  /** Registers seen for the first time: their meter and look-back, a batch at a time. */
  private async openRegisters(readings: NewReading[]) {
    const fresh: Register[] = [];
    for (const r of readings) {
      const key = keyOf(r.meter_number, r.register);
      if (this.registers.has(key)) continue;
      const reg: Register = {
        meterNumber: r.meter_number,
        register: r.register,
        lo: r.reading_at,
        hi: r.reading_at,
        validator: null,
      };
      this.registers.set(key, reg);
      fresh.push(reg);
    }
    if (!fresh.length) return;
    const unknown = [...new Set(fresh.map((r) => r.meterNumber))].filter((m) => !this.metersLoaded.has(m));
    if (unknown.length) for (const [n, m] of await this.deps.meters(unknown)) this.metersLoaded.set(n, m);
    this.counts.registers += fresh.length;
    const withLookback = fresh.filter((r) => !this.withoutLookback.delete(keyOf(r.meterNumber, r.register)));
    for (let i = 0; i < withLookback.length; i += this.deps.batchSize) {
      const batch = withLookback.slice(i, i + this.deps.batchSize);
      const lookbacks = await this.deps.lookbacks(
        batch.map((r) => ({ meter: this.metersLoaded.get(r.meterNumber)!, register: r.register, lo: r.lo })),
      );
      batch.forEach((reg, j) => {
        const reads = lookbacks[j];
        if (!reads.length) return;
        const validator = this.validatorFor(reg, reads[0].kind);
        for (const read of reads) {
          const value = amountOf(read.effective_value ?? read.value);
          if (!value) continue;
          validator.add({
            id: Number(read.id),
            at: Number(read.reading_at),
            value,
            state: read.state ?? 'valid',
          });
        }
        reg.validator = validator;
      });
    }
  }

  private validatorFor(reg: Register, kind: string) {
    return new RegisterValidator({
      ...this.deps.optionsOf(this.metersLoaded.get(reg.meterNumber)!),
      kind: kind === 'interval' ? 'interval' : 'cumulative',
      flagFrom: reg.lo,
    });
  }
}
