// The exact bytes of text attachments. postal-mime decodes text parts as text (line endings become
// "\n", a newline is added at the end), which changes a file sent as 7bit, 8bit or quoted-printable.
// This walks the raw MIME tree, decodes such leaf parts byte for byte, and swaps them in.

interface Leaf { contentType: string; encoding: string; body: Buffer }

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');

/** Unfolded header fields of a part (lowercased names, first occurrence wins). */
function headersOf(head: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!);
  }
  return out;
}

function splitPart(part: Buffer): { headers: Map<string, string>; body: Buffer } {
  const crlf = part.indexOf(CRLF_CRLF);
  const lf = part.indexOf(LF_LF);
  const [at, len] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [part.length, 0];
  return { headers: headersOf(part.subarray(0, at).toString('latin1')), body: part.subarray(at + len) };
}

/** Parts between "--boundary" lines; the line break before each delimiter belongs to the delimiter. */
function multipartBodies(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: Buffer[] = [];
  let start = -1;
  for (let m = delimiter.exec(text); m; m = delimiter.exec(text)) {
    if (start >= 0) parts.push(body.subarray(start, m.index));
    if (m[1]) return parts;
    const eol = text.slice(delimiter.lastIndex).match(/^\r?\n/);
    start = delimiter.lastIndex + (eol ? eol[0].length : 0);
  }
  return parts;
}

function leaves(part: Buffer, depth = 0): Leaf[] {
  const { headers, body } = splitPart(part);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (/^\s*multipart\//i.test(contentType) && boundary && depth < 20) return multipartBodies(body, boundary[1] ?? boundary[2]!).flatMap((p) => leaves(p, depth + 1));
  return [{ contentType: contentType.split(';')[0]!.trim().toLowerCase(), encoding: (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(), body }];
}

/** Quoted-printable to bytes (RFC 2045): soft breaks vanish, hard line breaks stay as sent. */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

const asText = (b: Buffer) => b.toString('latin1').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
const sameText = (a: Buffer, b: Buffer) => asText(a) === asText(b);

/** Replaces each text attachment's data with its exact bytes from the raw mail, where postal-mime altered them. */
export function exactTextAttachments<T extends { contentType: string; data: Buffer }>(raw: Buffer, attachments: T[]): T[] {
  if (!attachments.some((a) => a.contentType.toLowerCase().startsWith('text/'))) return attachments;
  const candidates = leaves(raw).filter((l) => l.contentType.startsWith('text/') && ['7bit', '8bit', 'binary', 'quoted-printable'].includes(l.encoding))
    .map((l) => (l.encoding === 'quoted-printable' ? decodeQuotedPrintable(l.body) : l.body));
  const used = new Set<number>();
  return attachments.map((a) => {
    if (!a.contentType.toLowerCase().startsWith('text/')) return a;
    // Matched by content, in order: the same text once line endings are set aside.
    const i = candidates.findIndex((c, j) => !used.has(j) && sameText(c, a.data));
    if (i < 0) return a;
    used.add(i);
    return { ...a, data: candidates[i]! };
  });
}
