/**
 * How large a zip archive (an .xlsx) says it will be once unpacked, read from its central
 * directory without unpacking anything. exceljs unpacks a whole workbook into memory, so an upload
 * of a few megabytes that expands to gigabytes (a "zip bomb") must be refused before it gets there.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const ZIP64_SIZE = 0xffffffff;

export interface ZipEntry {
  name: string;
  /** Uncompressed size as the central directory states it. */
  size: number;
}

/**
 * The entries of the archive's central directory, or undefined when `data` is not a zip archive
 * this reader understands (zip64 archives included: their 32-bit sizes say "see elsewhere", and an
 * archive that needs them is too large for an import anyway).
 */
export function zipEntries(data: Buffer): ZipEntry[] | undefined {
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const earliest = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let at = data.length - 22; at >= earliest; at--) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const found: ZipEntry[] = [];
  for (let i = 0; i < entries; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return undefined;
    const size = data.readUInt32LE(at + 24);
    if (size === ZIP64_SIZE) return undefined;
    const nameLength = data.readUInt16LE(at + 28);
    found.push({ name: data.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return found;
}

/** The sum of the uncompressed sizes of every entry, or undefined when `data` is not a zip archive. */
export function unpackedSize(data: Buffer): number | undefined {
  return zipEntries(data)?.reduce((sum, entry) => sum + entry.size, 0);
}
