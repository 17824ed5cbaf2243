// Carrier-style opt-out keywords: once a number says STOP we never message it until it says START.
import type { ChannelHost } from '../types.js';

const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START = new Set(['START', 'YES', 'UNSTOP']);

export type OptKeyword = 'stop' | 'start' | null;

/** The keyword when the whole message is one (case and punctuation around it ignored). */
export function optKeyword(text: string): OptKeyword {
  const word = text.trim().replace(/[.!]+$/, '').toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  return null;
}

export const optOutKey = (e164: string) => `twilio:optout:${e164}`;

export async function isOptedOut(host: ChannelHost, e164: string): Promise<boolean> {
  return (await host.state.get(optOutKey(e164))) !== null;
}

/** Applies a STOP/START keyword; returns what changed for the conversation's timeline. */
export async function applyOptKeyword(host: ChannelHost, e164: string, text: string): Promise<string | null> {
  const keyword = optKeyword(text);
  if (keyword === 'stop') {
    await host.state.set(optOutKey(e164), new Date().toISOString());
    return `${e164} opted out (${text.trim()}): agent replies will not be sent until they text START.`;
  }
  if (keyword === 'start') {
    await host.state.set(optOutKey(e164), null);
    return `${e164} opted back in (${text.trim()}).`;
  }
  return null;
}
