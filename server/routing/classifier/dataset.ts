// Reads labelled JSONL (train/test splits, agent corrections) with validation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../paths.js';
import { z } from 'zod';
import { REQUEST_TYPES, type Language, type RequestType } from './types.js';
import { detectLanguage } from './language.js';

const lineSchema = z.object({
  text: z.string().min(1),
  type: z.enum(REQUEST_TYPES),
  // Corrections may omit language; it is then detected from the text.
  language: z.enum(['en', 'zh']).optional(),
});

export interface LabelledExample {
  text: string;
  type: RequestType;
  language: Language;
}

export function parseJsonl(content: string, source = 'jsonl'): LabelledExample[] {
  const out: LabelledExample[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = lineSchema.safeParse(JSON.parse(line));
    // Report the line number: a bad correction should be easy to find.
    if (!parsed.success) throw new Error(`${source}:${i + 1}: ${parsed.error.message}`);
    const { text, type, language } = parsed.data;
    out.push({ text, type, language: language ?? detectLanguage(text) });
  });
  return out;
}

export function readJsonl(path: string | URL): LabelledExample[] {
  return parseJsonl(readFileSync(path, 'utf8'), String(path));
}

export const DATA_DIR = fromRoot('server/routing/data');
export const TRAIN_PATH = path.join(DATA_DIR, 'train.jsonl');
export const TEST_PATH = path.join(DATA_DIR, 'test.jsonl');
export const MODEL_PATH = fromRoot('server/routing/classifier/model.json');
