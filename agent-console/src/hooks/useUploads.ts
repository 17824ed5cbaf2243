// The composer's pending files: each uploads as soon as it is added (with progress) and can be
// removed before sending; a reply sends the ids of those that finished.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { uploadFile, type UploadHandle } from '../api-files.js';

export interface PendingFile {
  key: number;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  id: string | null;
  /** The server's message (it names the limit) or a network failure. */
  error: string | null;
}

export const MAX_FILES = 10;

export function useUploads(onError: (message: string) => void) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const handles = useRef(new Map<number, UploadHandle>());
  const seq = useRef(0);
  const patch = (key: number, change: Partial<PendingFile>) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...change } : f)));
  // Leaving the conversation drops uploads still in flight.
  useEffect(() => () => handles.current.forEach((h) => h.abort()), []);

  function add(list: Iterable<File>) {
    for (const file of list) {
      const key = ++seq.current;
      setFiles((fs) => (fs.length >= MAX_FILES ? fs : [...fs, { key, name: file.name || 'pasted-image.png', size: file.size, progress: 0, id: null, error: null }]));
      const handle = uploadFile(file, (p) => patch(key, { progress: p }));
      handles.current.set(key, handle);
      handle.done.then(
        (u) => patch(key, { id: u.id, name: u.fileName, progress: 1 }),
        (err: unknown) => {
          if (err instanceof ApiError && err.code === 'ABORTED') return;
          const message = err instanceof ApiError ? err.message : String(err);
          patch(key, { error: message });
          onError(message);
        },
      ).finally(() => handles.current.delete(key));
    }
  }

  function remove(key: number) {
    handles.current.get(key)?.abort();
    setFiles((fs) => fs.filter((f) => f.key !== key));
  }

  const ready = files.filter((f) => f.id).map((f) => f.id!);
  const uploading = files.some((f) => !f.id && !f.error);
  return { files, add, remove, clear: () => setFiles([]), ready, uploading };
}
