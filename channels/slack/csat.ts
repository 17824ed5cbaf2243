// A click on a rating button: the score is stored once (only the conversation's customer may rate)
// and the customer gets a polite answer through the interaction's response_url.
import type { ChannelHost, CsatOutcome } from '../types.js';
import { tokenAllowed } from './api.js';
import { csatAction, type BlockActions } from './interactions.js';
import type { SlackInbox } from './verify.js';

const ANSWERS: Record<Exclude<CsatOutcome, 'saved'>, string> = {
  duplicate: 'You already rated this conversation. Thank you!',
  expired: 'This survey has expired (surveys work for 7 days). Thank you anyway!',
  invalid: 'This survey is no longer valid. Thank you anyway!',
  not_customer: 'Only the customer who started this conversation can rate it.',
};

export function csatAnswer(outcome: CsatOutcome, score: number): Record<string, unknown> {
  // The first rating replaces the buttons; anything else is shown only to whoever clicked.
  if (outcome === 'saved') return { replace_original: true, text: `Thank you! You rated this conversation ${score} out of 5 ${'★'.repeat(score)}` };
  return { response_type: 'ephemeral', replace_original: false, text: ANSWERS[outcome] };
}

export async function handleCsatClick(host: ChannelHost, si: SlackInbox, payload: BlockActions): Promise<CsatOutcome | null> {
  const click = csatAction(payload);
  if (!click) return null;
  const team = payload.user.team_id ?? payload.team?.id ?? si.settings.teamId;
  const outcome: CsatOutcome = host.csat ? await host.csat.submit({ ...click, sender: { kind: 'slack', value: `${team}:${payload.user.id}` } }) : 'invalid';
  const url = payload.response_url;
  // The answer goes only to Slack (or the configured API stand-in), never to a URL we do not know.
  if (url && tokenAllowed(si.settings, url)) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(csatAnswer(outcome, click.score)), signal: AbortSignal.timeout(10_000) })
      .catch((err: unknown) => ({ ok: false, status: String(err) }));
    if (!res.ok) host.log.warn({ inboxId: si.inbox.id, status: res.status }, 'slack: answering a rating click failed');
  }
  return outcome;
}
