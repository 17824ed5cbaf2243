// Reads the one file of a multipart/form-data upload (field `file`) into memory, stopping at the
// size cap: a larger file is refused with 413 before any of it is stored.
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../errors.js';
import { megabytes } from './limits.js';

export interface UploadedFile { filename: string; data: Buffer }

export function readUpload(req: Request, maxBytes: number): Promise<UploadedFile> {
  if (!req.is('multipart/form-data')) return Promise.reject(new AppError('VALIDATION_FAILED', 'Send the file as multipart/form-data in the field "file"', 'file'));
  const tooLarge = () => new AppError('FILE_TOO_LARGE', `Files are limited to ${megabytes(maxBytes)} (ATTACHMENT_MAX_BYTES = ${maxBytes} bytes)`, 'file');
  // Multipart framing adds a little; a declared length far past the cap needs no reading at all.
  if (Number(req.headers['content-length'] ?? 0) > maxBytes + 64 * 1024) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024 } });
    } catch {
      return reject(new AppError('VALIDATION_FAILED', 'The multipart body is malformed', 'file'));
    }
    let result: UploadedFile | null = null;
    let failed: AppError | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = tooLarge();
      });
      stream.on('end', () => {
        if (!failed) result = { filename: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', 'The multipart body is malformed', 'file')));
    parser.on('close', () => {
      if (failed) return reject(failed);
      if (!result) return reject(new AppError('VALIDATION_FAILED', 'No file in the field "file"', 'file'));
      resolve(result);
    });
    req.pipe(parser);
  });
}
