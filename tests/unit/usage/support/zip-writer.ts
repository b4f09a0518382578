import * as zlib from 'node:zlib';

/**
 * A minimal zip writer for crafting hostile archives in tests: entries whose
 * compressed bytes, declared sizes and offsets we choose, which no real zip
 * library would produce. (Honest spreadsheets in tests come from exceljs.)
 */
export type CraftedEntry = {
  name: string;
  /** Content to deflate (or store); ignored when `compressed` is given. */
  data?: Buffer;
  /** Ready-made raw deflate bytes. */
  compressed?: Buffer;
  method?: 0 | 8;
  /** Sizes and CRC written in the headers; default: the true ones. */
  declaredUncompressedSize?: number;
  crc32?: number;
  /** The true uncompressed size when `compressed` is given (for the default declaration). */
  uncompressedSize?: number;
};

export type CraftOptions = {
  /** Rewrite a central-directory entry's local-header offset (to make entries overlap). */
  offsetOverride?: (index: number, offset: number) => number;
};

export function crc32(data: Buffer, previous = 0): number {
  return zlib.crc32(data, previous) >>> 0;
}

export function buildZip(entries: CraftedEntry[], options: CraftOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const method = entry.method ?? 8;
    const name = Buffer.from(entry.name, 'utf8');
    const body =
      entry.compressed ??
      (method === 8 ? zlib.deflateRawSync(entry.data ?? Buffer.alloc(0)) : (entry.data ?? Buffer.alloc(0)));
    const trueSize = entry.uncompressedSize ?? entry.data?.length ?? 0;
    const size = entry.declaredUncompressedSize ?? trueSize;
    const crc = entry.crc32 ?? crc32(entry.data ?? Buffer.alloc(0));

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(options.offsetOverride ? options.offsetOverride(index, offset) : offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate of `megabytes` MiB of zeros without ever holding them: one full-flushed
 * block of 1 MiB of zeros (byte-aligned, no back-references out of it) repeated, then
 * an empty final block. About 1 KB per MiB. Also returns the true CRC.
 */
export function deflatedZeros(megabytes: number): { compressed: Buffer; size: number; crc32: number } {
  const mib = Buffer.alloc(1024 * 1024);
  const block = zlib.deflateRawSync(mib, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const final = zlib.deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(mib, crc);
  return {
    compressed: Buffer.concat([...Array.from({ length: megabytes }, () => block), final]),
    size: megabytes * mib.length,
    crc32: crc,
  };
}
