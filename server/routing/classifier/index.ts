// Public API of the request classifier: type, confidence, priority and language.
import { readFileSync } from 'node:fs';
import { MODEL_PATH } from './dataset.js';
import { detectLanguage } from './language.js';
import { loadModel, type Model } from './model.js';
import { computePriority } from './priority.js';
import type { Classification } from './types.js';

export type { Classification, Example, Language, Prediction, Priority, RequestType } from './types.js';
export { REQUEST_TYPES } from './types.js';
export { Model, loadModel, type ModelJSON } from './model.js';
export { trainModel, type TrainOptions } from './train.js';
export { detectLanguage } from './language.js';
export { computePriority } from './priority.js';
export { tokenize } from './tokenize.js';

let active: Model | undefined;

// Lazy: importing the module must stay cheap; the shipped model is parsed on first use.
export function getModel(): Model {
  active ??= loadModel(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
  return active;
}

// Lets the server hot-swap a model retrained with agent corrections.
export function setModel(model: Model | undefined): void {
  active = model;
}

export function classify(text: string, model: Model = getModel()): Classification {
  const input = typeof text === 'string' ? text : '';
  const prediction = model.predict(input);
  return {
    ...prediction,
    language: detectLanguage(input),
    priority: computePriority(input, prediction.type),
  };
}
