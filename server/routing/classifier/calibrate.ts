// Temperature scaling: fits one softmax temperature on out-of-fold predictions so
// that confidence roughly matches accuracy instead of SGD's over-confident logits.
import { softmax } from './model.js';
import { trainModel, type TrainOptions } from './train.js';
import type { Example } from './types.js';

export interface Calibration {
  temperature: number;
  // Out-of-fold accuracy and mean confidence at the chosen temperature.
  accuracy: number;
  meanConfidence: number;
}

export function fitTemperature(examples: readonly Example[], opts: TrainOptions = {}, folds = 5): Calibration {
  const oof: { logits: Float64Array; label: number }[] = [];
  for (let f = 0; f < folds; f++) {
    // Interleaved folds keep every class and language in every fold.
    const model = trainModel(examples.filter((_, i) => i % folds !== f), opts);
    examples.forEach((ex, i) => {
      if (i % folds !== f) return;
      oof.push({ logits: model.logits(ex.text).logits, label: model.classes.indexOf(ex.type) });
    });
  }
  const nll = (t: number) => oof.reduce((s, o) => s - Math.log(softmax(o.logits, t)[o.label]! + 1e-12), 0);
  // NLL is unimodal in T; a log-spaced grid then a local refinement is plenty.
  let best = 1;
  for (let t = 0.25; t <= 8; t *= 1.1) if (nll(t) < nll(best)) best = t;
  for (let t = best * 0.9; t <= best * 1.1; t += best * 0.01) if (nll(t) < nll(best)) best = t;
  let ok = 0;
  let conf = 0;
  for (const o of oof) {
    const p = softmax(o.logits, best);
    const top = p.indexOf(Math.max(...p));
    if (top === o.label) ok++;
    conf += p[top]!;
  }
  return { temperature: Math.round(best * 1000) / 1000, accuracy: ok / oof.length, meanConfidence: conf / oof.length };
}
