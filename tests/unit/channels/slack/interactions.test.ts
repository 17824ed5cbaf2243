// Rating clicks: which action counts, and what the clicker is told for each outcome.
import { describe, expect, it } from 'vitest';
import { csatAnswer } from '../../../../channels/slack/csat.js';
import { blockActions, csatAction } from '../../../../channels/slack/interactions.js';
import { slackBlocks } from '../../../../server/csat/prompts.js';

const payload = (actions: unknown[]) => blockActions.parse({ type: 'block_actions', team: { id: 'T0' }, user: { id: 'U0' }, actions });

describe('csatAction', () => {
  it('reads score and token from a button of our survey, as slackBlocks builds it', () => {
    const actions = slackBlocks(null, 'pay.load').blocks[1]!;
    const button = actions.elements![3]!;
    expect(csatAction(payload([{ action_id: button.action_id, block_id: actions.block_id, value: button.value }]))).toEqual({ score: 4, token: 'pay.load' });
  });

  it('ignores other blocks, other action ids and scores outside 1-5', () => {
    expect(csatAction(payload([{ action_id: 'csat_4', block_id: 'other' }]))).toBeNull();
    expect(csatAction(payload([{ action_id: 'csat_6', block_id: 'csat:tok' }]))).toBeNull();
    expect(csatAction(payload([{ action_id: 'approve', block_id: 'csat:tok' }]))).toBeNull();
  });

  it('rejects payloads without actions or user', () => {
    expect(blockActions.safeParse({ type: 'block_actions', user: { id: 'U0' }, actions: [] }).success).toBe(false);
    expect(blockActions.safeParse({ type: 'block_actions', actions: [{ action_id: 'a', block_id: 'b' }] }).success).toBe(false);
  });
});

describe('csatAnswer', () => {
  it('replaces the buttons once rated and answers anything else only to the clicker', () => {
    expect(csatAnswer('saved', 5)).toMatchObject({ replace_original: true, text: expect.stringContaining('5 out of 5') });
    for (const outcome of ['duplicate', 'expired', 'invalid', 'not_customer'] as const) {
      expect(csatAnswer(outcome, 2)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    }
  });

  it('buttons carry links only when a base URL is given', () => {
    expect(slackBlocks(null, 't').blocks[1]!.elements!.every((e) => !('url' in e))).toBe(true);
    expect(slackBlocks('https://x.test', 't').blocks[1]!.elements![0]).toMatchObject({ url: 'https://x.test/csat/t/1' });
  });
});
