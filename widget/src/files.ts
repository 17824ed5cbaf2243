// Visitor uploads and downloads: the inbox and visitor tokens go in the query string (a plain
// multipart POST needs no CORS preflight; an <img> cannot send headers), never in cookies.
import type { AckError } from '../../server/realtime/contract.js';

export interface Uploaded { id: string; fileName: string; contentType: string; size: number }
export type UploadResult = { ok: true; data: Uploaded } | { ok: false; error: AckError };

export function createFileApi(origin: string, inboxToken: string, visitorToken: () => string | undefined) {
  const auth = () => new URLSearchParams({ inboxToken, visitorToken: visitorToken() ?? '' }).toString();
  return {
    async upload(file: File): Promise<UploadResult> {
      const form = new FormData();
      form.append('file', file, file.name || 'image.png');
      try {
        const res = await fetch(`${origin}/api/widget/attachments?${auth()}`, { method: 'POST', body: form, credentials: 'omit' });
        const body = (await res.json().catch(() => ({}))) as Partial<Uploaded> & { code?: string; message?: string };
        return res.status === 201 ? { ok: true, data: body as Uploaded } : { ok: false, error: { code: body.code ?? `HTTP_${res.status}`, message: body.message ?? '' } };
      } catch {
        return { ok: false, error: { code: 'TIMEOUT', message: 'network' } };
      }
    },
    /** The download address of a message's file for this visitor. */
    url: (path: string) => `${origin}${path}?${auth()}`,
  };
}

export type FileApi = ReturnType<typeof createFileApi>;
