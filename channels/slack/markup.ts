// Slack's message markup (https://api.slack.com/reference/surfaces/formatting) both ways. In: links
// `<url|label>`, mentions `<@U…>`, `<#C…|name>`, `<!here>`, dates and mrkdwn become what an agent
// reads (labels with their URL, names, Markdown emphasis). Out: the agent's text is escaped (`&`,
// `<`, `>` are control characters to Slack) and Markdown emphasis and links become mrkdwn.

/** Resolves user ids to display names (users.info, cached); a failed lookup keeps the id. */
export type NameOf = (userId: string) => Promise<string | undefined>;

const TOKEN = /<([^<>]+)>/g;
const MAX_LOOKUPS = 20;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** mrkdwn emphasis to Markdown, outside code: *bold* -> **bold**, ~strike~ -> ~~strike~~ (_italic_ reads the same). */
function emphasisIn(text: string): string {
  return text.split(/(```[\s\S]*?```|`[^`\n]*`)/).map((part, i) => (i % 2 ? part : part
    .replace(/(^|[\s(>])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,!?:;])/g, '$1**$2**')
    .replace(/(^|[\s(>])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,!?:;])/g, '$1~~$2~~'))).join('');
}

/** A Slack message as the agent should read it. */
export async function fromSlack(text: string, nameOf: NameOf): Promise<string> {
  const users = [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!))].slice(0, MAX_LOOKUPS);
  const names = new Map(await Promise.all(users.map(async (u) => [u, await nameOf(u).catch(() => undefined)] as const)));
  const replaced = text.replace(TOKEN, (_m, inner: string) => {
    const [target, label] = [inner.split('|')[0]!, inner.includes('|') ? inner.slice(inner.indexOf('|') + 1) : undefined];
    if (target.startsWith('@')) return `@${names.get(target.slice(1)) ?? label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '@team';
    if (target.startsWith('!date^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    if (target.startsWith('mailto:')) return label && label !== target.slice(7) ? `${label} (${target.slice(7)})` : target.slice(7);
    return label && label !== target ? `${label} (${target})` : target;
  });
  return decode(emphasisIn(replaced));
}

/** An agent's text for chat.postMessage: escaped, with Markdown emphasis and links as mrkdwn. */
export function toSlack(text: string): string {
  return escape(text).split(/(```[\s\S]*?```|`[^`\n]*`)/).map((part, i) => (i % 2 ? part : part
    .replace(/\[([^\]\n|]+)\]\((https?:\/\/[^\s)|]+|mailto:[^\s)|]+)\)/g, '<$2|$1>')
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '*$1*')
    .replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~'))).join('');
}
