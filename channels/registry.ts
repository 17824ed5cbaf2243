// One table maps each channel to its adapter. Adding a channel: an enum value in the contract,
// an adapter in channels/<name>/, one entry here, and tests.
import type { Channel } from '../server/realtime/contract.js';
import type { ChannelAdapter } from './types.js';
import { webchatAdapter } from './webchat/adapter.js';

export type AdapterRegistry = Partial<Record<Channel, ChannelAdapter>>;

export function defaultAdapters(): AdapterRegistry {
  return { webchat: webchatAdapter };
}
