// What an adapter is given of an inbox's stored settings: everything, except that endpoint settings
// (where a provider's API is, so where its credentials go) come only from the environment. A value
// stored before they stopped being settable is ignored, so no old row can send credentials elsewhere.
import type { AdapterRegistry } from '../../channels/registry.js';
import type { ChannelAdapter } from '../../channels/types.js';
import type { Config } from '../config.js';

type EnvUrls = Pick<Config, 'TWILIO_API_URL' | 'SLACK_API_URL'>;

export function adapterSettings(env: EnvUrls, adapter: ChannelAdapter | undefined, stored: unknown): Record<string, unknown> {
  const settings = { ...((stored ?? {}) as Record<string, unknown>) };
  for (const [key, name] of Object.entries(adapter?.endpointSettings ?? {})) {
    const value = name ? env[name] : undefined;
    if (value) settings[key] = value;
    else delete settings[key];
  }
  return settings;
}

/** Endpoint settings the API must refuse (400 naming the field) and never show. */
export function endpointKeys(adapter: ChannelAdapter | undefined): string[] {
  return Object.keys(adapter?.endpointSettings ?? {});
}

/** The registry as the server uses it: sends and calls see settings through adapterSettings. */
export function withEndpointSettings(adapters: AdapterRegistry, env: EnvUrls): AdapterRegistry {
  const wrap = (a: ChannelAdapter): ChannelAdapter => {
    if (!a.endpointSettings) return a;
    const connectCall = a.connectCall;
    return {
      ...a,
      send: (m) => a.send({ ...m, inbox: { ...m.inbox, settings: adapterSettings(env, a, m.inbox.settings) } }),
      ...(connectCall ? { connectCall: (input: Parameters<typeof connectCall>[0]) => connectCall({ ...input, settings: adapterSettings(env, a, input.settings) }) } : {}),
    };
  };
  const out: AdapterRegistry = {};
  for (const [channel, a] of Object.entries(adapters) as [keyof AdapterRegistry, ChannelAdapter | undefined][]) if (a) out[channel] = wrap(a);
  return out;
}
