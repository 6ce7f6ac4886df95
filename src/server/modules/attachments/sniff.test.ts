/** Judging a file by its content (spec §13), fed in pieces as an upload streams. */
import { describe, expect, it } from 'vitest';
import { ContentSniffer } from './sniff';

async function judge(name: string, data: Buffer, pieceSize = 7) {
  const sniffer = new ContentSniffer(name);
  for (let i = 0; i < data.length; i += pieceSize) await sniffer.push(data.subarray(i, i + pieceSize));
  return sniffer.verdict();
}

const ole = (stream: string) =>
  Buffer.concat([
    Buffer.from('d0cf11e0a1b11ae1', 'hex'),
    Buffer.alloc(600, 0),
    Buffer.from(`${stream}\0`, 'utf16le'),
    Buffer.alloc(100, 0),
  ]);

describe('ContentSniffer', () => {
  it.each([
    ['a PDF', 'x.bin', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['a JPEG', 'x', Buffer.from('ffd8ffe000104a46494600', 'hex'), 'image/jpeg'],
    ['a GIF', 'x', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
    ['a zip', 'a.zip', Buffer.from('504b0304140000000800', 'hex'), 'application/zip'],
    ['a zip named .ofd', 'a.ofd', Buffer.from('504b0304140000000800', 'hex'), 'application/ofd'],
    ['an old Word document', 'a.doc', ole('WordDocument'), 'application/msword'],
    ['an old Excel workbook', 'a.xls', ole('Workbook'), 'application/vnd.ms-excel'],
    ['an old PowerPoint deck', 'a.ppt', ole('PowerPoint Document'), 'application/vnd.ms-powerpoint'],
    [
      'UTF-8 text with a BOM',
      'a.txt',
      Buffer.from('\uFEFF第一行\r\n第二行\t制表'),
      'text/plain; charset=utf-8',
    ],
    [
      'GB18030 text',
      'a.txt',
      Buffer.from('c2e4cab5c7e9bfa3a3bad2d1cdeab3c9', 'hex'),
      'text/plain; charset=gb18030',
    ],
    [
      'text that mentions a tag later on',
      'a.txt',
      Buffer.from('说明：附件中的 <表格> 已更新'),
      'text/plain; charset=utf-8',
    ],
  ])('accepts %s', async (_name, fileName, data, contentType) => {
    expect(await judge(fileName, data)).toEqual({ ok: true, contentType });
  });

  it.each([
    ['HTML', 'a.txt', Buffer.from('  <html><body>hi</body></html>')],
    ['HTML after some text', 'a.txt', Buffer.from('hello\n<script>alert(1)</script>')],
    ['SVG', 'a.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['XML', 'a.xml', Buffer.from('<?xml version="1.0"?><a/>')],
    [
      'a Windows program',
      'a.pdf',
      Buffer.concat([Buffer.from('MZ\x90\x00\x03', 'latin1'), Buffer.alloc(300, 0)]),
    ],
    ['an OLE file of another kind', 'a.doc', ole('__substg1.0_0037001F')],
    ['binary data', 'a.txt', Buffer.from([0x41, 0x00, 0x42])],
    ['neither UTF-8 nor GB18030', 'a.txt', Buffer.from([0x41, 0xff, 0xff, 0x80])],
  ])('refuses %s', async (_name, fileName, data) => {
    expect((await judge(fileName, data)).ok).toBe(false);
  });

  it('judges a large file from its head and keeps only a bounded window', async () => {
    const big = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      Buffer.alloc(300 * 1024, 1),
    ]);
    expect(await judge('a.png', big, 16 * 1024)).toEqual({ ok: true, contentType: 'image/png' });
  });
});
