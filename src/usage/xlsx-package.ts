import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import {
  locateZipEntry,
  openZipEntry,
  readZipDirectory,
  type LocatedEntry,
  type ZipEntry,
} from './zip-inspect';

/**
 * The zip container of an .xlsx, as the reader needs it: find a part by name and
 * stream its text. The zip itself is read by zip-inspect (the same code that
 * checked it for bombs), so there is one zip reader, and a part never inflates
 * past the size its directory declares — the size the bomb limits were checked
 * against.
 */
export class XlsxPackage {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    entries: readonly ZipEntry[],
  ) {
    for (const entry of entries) {
      this.byName.set(entry.name, entry);
      // Part names are case-insensitive in the package format (OPC); zip names are not.
      if (!this.byLowerName.has(entry.name.toLowerCase()))
        this.byLowerName.set(entry.name.toLowerCase(), entry);
    }
  }

  /** Reads the zip's directory; the file stays open for `locate` until `close`. */
  static async open(path: string): Promise<XlsxPackage> {
    const file = await open(path, 'r');
    try {
      const directory = await readZipDirectory(file, (await file.stat()).size);
      return new XlsxPackage(path, file, directory.entries);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** The part, ready to stream with `partText` (which needs only the path), or undefined if absent. */
  async locate(name: string): Promise<LocatedEntry | undefined> {
    const entry = this.find(name);
    return entry ? locateZipEntry(this.file, entry) : undefined;
  }

  async close(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }

  private find(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }
}

/**
 * A part's text, chunk by chunk as it inflates (UTF-8, or UTF-16 when the part
 * starts with its byte-order mark; a UTF-8 BOM is dropped). Characters split
 * between chunks are joined by the decoder. Stopping early closes the file.
 */
export async function* partText(path: string, entry: LocatedEntry): AsyncGenerator<string> {
  let decoder: StringDecoder | undefined;
  for await (const chunk of openZipEntry(path, entry)) {
    let bytes = chunk;
    if (!decoder) {
      const utf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
      decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
      if (utf16) bytes = bytes.subarray(2);
      else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
    }
    const text = decoder.write(bytes);
    if (text !== '') yield text;
  }
  const rest = decoder?.end() ?? '';
  if (rest !== '') yield rest;
}
