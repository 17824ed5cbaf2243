// Small stroke icons per channel, drawn inline (no icon font, nothing fetched).
import type { Channel } from '../types.js';

const PATHS: Record<Channel, string[]> = {
  webchat: ['M4 5h16v11H9l-5 4z'],
  email: ['M3 6h18v12H3z', 'M3 7l9 6 9-6'],
  sms: ['M4 4h16v12H8l-4 4z', 'M8 10h.01', 'M12 10h.01', 'M16 10h.01'],
  whatsapp: ['M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3z', 'M9 8.5c0 3.5 3 6.5 6.5 6.5l1-1.5-2-1-1 1c-1-.5-2.5-2-3-3l1-1-1-2z'],
  voice: ['M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z'],
  slack: ['M9 3v18', 'M15 3v18', 'M3 9h18', 'M3 15h18'],
};

export function ChannelIcon({ channel, size = 16 }: { channel: Channel; size?: number }) {
  return (
    <svg class={`channel-icon ch-${channel}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      {PATHS[channel].map((d) => <path key={d} d={d} />)}
    </svg>
  );
}
