/**
 * Judging an upload's type by its content, never its name (spec §13): Word/Excel/PowerPoint (OOXML
 * and the old OLE formats, not other OLE files), PDF/OFD, JPEG/PNG/GIF/WebP, plain text (UTF-8 or
 * GB18030, not HTML/SVG/XML) and zip. `ContentSniffer` watches the stream as it is stored, one
 * chunk at a time, so a file is judged without ever being held in memory whole.
 */
/** How many leading bytes `file-type` looks at (it needs a few KiB; OOXML wants the first entries). */
const HEAD_BYTES = 64 * 1024;

const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Types accepted as `file-type` names them (OOXML also when it only says zip: see `zipType`). */
const ALLOWED: Record<string, string> = {
  ...OOXML,
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  zip: 'application/zip',
};

/**
 * The OLE (compound file) streams that make a file a Word, Excel or PowerPoint document: their
 * names as a directory entry holds them (UTF-16LE, NUL-terminated). An OLE file without one of
 * them (an installer, an Outlook message, a Visio drawing) is refused.
 */
const OLE_STREAMS: [Buffer, string][] = [
  ['WordDocument', 'application/msword'],
  ['Workbook', 'application/vnd.ms-excel'],
  ['Book', 'application/vnd.ms-excel'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
].map(([name, mime]) => [Buffer.from(`${name}\0`, 'utf16le'), mime as string]);
const OLE_OVERLAP = Math.max(...OLE_STREAMS.map(([p]) => p.length)) - 1;

/** Markup a browser would render (HTML, SVG, XML): refused even when it is valid text. */
const MARKUP_START = /^\s*<(\?xml|!doctype|!--|html|head|body|svg|script|iframe|[a-z][\w:-]*(\s|>|\/))/i;
const MARKUP_ANYWHERE = /<(script|svg|html|iframe|object|embed)[\s>/]|<!doctype|<\?xml/i;

/** C0 controls that never occur in text (TAB, LF, FF, CR and ESC-free text only). */
function hasControlBytes(chunk: Uint8Array): boolean {
  for (const b of chunk) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return true;
    if (b === 0x7f) return true;
  }
  return false;
}

export type Verdict = { ok: true; contentType: string } | { ok: false; reason: string };

type Mode = 'head' | 'accepted' | 'ole' | 'text' | 'refused';

/** Extension of a file name, lower case ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export class ContentSniffer {
  private mode: Mode = 'head';
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private contentType = '';
  private reason = '';
  private oleTail = Buffer.alloc(0);
  private oleType: string | undefined;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly gb18030 = new TextDecoder('gb18030', { fatal: true });
  private utf8Ok = true;
  private gbOk = true;
  private textStart = '';

  constructor(private readonly fileName: string) {}

  /** True once the file is known to be refused: the upload can stop reading. */
  get refused(): boolean {
    return this.mode === 'refused';
  }

  /** Watches the next piece of the stream. */
  async push(chunk: Buffer): Promise<void> {
    if (this.mode === 'head') {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength >= HEAD_BYTES) await this.judgeHead();
      return;
    }
    this.watch(chunk);
  }

  /** The verdict once the whole stream has been pushed. */
  async verdict(): Promise<Verdict> {
    if (this.mode === 'head') await this.judgeHead();
    switch (this.mode) {
      case 'accepted':
        return { ok: true, contentType: this.contentType };
      case 'ole':
        return this.oleType
          ? { ok: true, contentType: this.oleType }
          : { ok: false, reason: 'OLE 文件不是 Word、Excel 或 PowerPoint 文档' };
      case 'text':
        return this.textVerdict();
      default:
        return { ok: false, reason: this.reason };
    }
  }

  private async judgeHead(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head.length = 0;
    // Imported with the first upload, not at start.
    const { fileTypeFromBuffer } = await import('file-type');
    const detected = await fileTypeFromBuffer(head);
    if (!detected) {
      this.mode = 'text';
      this.watch(head);
      return;
    }
    if (detected.ext === 'cfb') {
      this.mode = 'ole';
      this.watch(head);
      return;
    }
    const mime = ALLOWED[detected.ext];
    if (!mime) {
      this.refuse(`不支持的文件类型（${detected.ext}）`);
      return;
    }
    this.mode = 'accepted';
    this.contentType = detected.ext === 'zip' ? zipType(this.fileName) : mime;
  }

  private refuse(reason: string): void {
    this.mode = 'refused';
    this.reason = reason;
  }

  private watch(chunk: Buffer): void {
    if (this.mode === 'ole' && !this.oleType) {
      const window = Buffer.concat([this.oleTail, chunk]);
      this.oleType = OLE_STREAMS.find(([pattern]) => window.includes(pattern))?.[1];
      this.oleTail = window.subarray(Math.max(0, window.length - OLE_OVERLAP));
    } else if (this.mode === 'text') {
      if (hasControlBytes(chunk)) {
        this.refuse('不是文本文件，也不是允许的文档或图片类型');
        return;
      }
      this.decode(chunk, true);
      if (!this.utf8Ok && !this.gbOk) this.refuse('文本不是 UTF-8 或 GB18030 编码');
      else if (this.textStart.length >= 1024) this.checkMarkup();
    }
  }

  private decode(chunk: Buffer, stream: boolean): void {
    if (this.utf8Ok) {
      try {
        const text = this.utf8.decode(chunk, { stream });
        if (this.textStart.length < 1024) this.textStart += text.slice(0, 1024);
      } catch {
        this.utf8Ok = false;
      }
    }
    if (this.gbOk) {
      try {
        const text = this.gb18030.decode(chunk, { stream });
        if (!this.utf8Ok && this.textStart.length < 1024) this.textStart += text.slice(0, 1024);
      } catch {
        this.gbOk = false;
      }
    }
  }

  private checkMarkup(): void {
    const start = this.textStart.replace(/^\uFEFF/, '');
    if (MARKUP_START.test(start) || MARKUP_ANYWHERE.test(start)) {
      this.refuse('HTML、SVG、XML 等网页标记文件不能作为附件');
    }
  }

  private textVerdict(): Verdict {
    this.decode(Buffer.alloc(0), false);
    if (this.refused) return { ok: false, reason: this.reason };
    if (!this.utf8Ok && !this.gbOk) return { ok: false, reason: '文本不是 UTF-8 或 GB18030 编码' };
    this.checkMarkup();
    if (this.refused) return { ok: false, reason: this.reason };
    return { ok: true, contentType: `text/plain; charset=${this.utf8Ok ? 'utf-8' : 'gb18030'}` };
  }
}

/**
 * A zip's type: OOXML documents are zips, and `file-type` may say only "zip" from the first bytes;
 * an OFD (版式文档) is a zip too. The name then chooses the more precise type; the content was
 * judged a zip either way, so a wrong name cannot smuggle another kind of file in.
 */
function zipType(fileName: string): string {
  const ext = extensionOf(fileName);
  if (ext === 'ofd') return 'application/ofd';
  return OOXML[ext] ?? 'application/zip';
}
