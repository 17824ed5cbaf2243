// The content type of an upload from its bytes (magic numbers, via file-type); a file with no
// signature counts as text only when it decodes as UTF-8 without control characters.
import { fileTypeFromBuffer } from 'file-type';

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function isText(data: Buffer): boolean {
  try {
    return !CONTROL.test(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return false;
  }
}

/** The sniffed type; `application/octet-stream` when neither a signature nor text is found. */
export async function sniffContentType(data: Buffer, filename: string): Promise<string> {
  const found = await fileTypeFromBuffer(data);
  if (found) return found.mime;
  if (data.length > 0 && isText(data)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
  return 'application/octet-stream';
}
