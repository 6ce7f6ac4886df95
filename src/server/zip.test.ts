import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unpackedSize, zipEntries } from './zip';

/** A minimal zip archive of deflated entries, written by hand (local headers, central directory, end). */
function zip(entries: { name: string; content: Buffer }[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, content } of entries) {
    const packed = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

describe('unpacked size of a zip archive', () => {
  it('sums the entries as the central directory states them, comment or not', () => {
    const archive = zip(
      [
        { name: 'a.xml', content: Buffer.alloc(1000, 'a') },
        { name: 'b.xml', content: Buffer.alloc(2345, 'b') },
      ],
      '备注',
    );
    expect(unpackedSize(archive)).toBe(3345);
  });

  it('sees a small archive that would unpack to 64 MB', () => {
    const bomb = zip([{ name: 'xl/sharedStrings.xml', content: Buffer.alloc(64 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(unpackedSize(bomb)).toBe(64 * 1024 * 1024);
  });

  it('reads a real workbook written by exceljs', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('台账').addRow(['督办事项', '督办来源']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const size = unpackedSize(data);
    expect(size).toBeGreaterThan(data.length);
    expect(size).toBeLessThan(100_000);
    expect(zipEntries(data)?.map((e) => e.name)).toContain('xl/workbook.xml');
  });

  it('answers undefined for what is not a zip archive', () => {
    expect(unpackedSize(Buffer.from('姓名,部门\n张三,财务处\n'))).toBeUndefined();
    expect(unpackedSize(Buffer.alloc(0))).toBeUndefined();
  });
});
