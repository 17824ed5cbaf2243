// Every request body parser of the app: express's own, then the text cleaned once (server/text.ts),
// so no route sees a NUL or half an emoji, whatever it does with the body next.
import express, { type RequestHandler } from 'express';
import { cleanDeep } from '../text.js';

const cleaned = (parser: RequestHandler): RequestHandler => (req, res, next) =>
  parser(req, res, (err?: unknown) => {
    if (!err && req.body !== undefined) req.body = cleanDeep(req.body);
    next(err);
  });

export const body = {
  json: (options?: Parameters<typeof express.json>[0]) => cleaned(express.json(options)),
  text: (options?: Parameters<typeof express.text>[0]) => cleaned(express.text(options)),
  urlencoded: (options?: Parameters<typeof express.urlencoded>[0]) => cleaned(express.urlencoded(options)),
};
