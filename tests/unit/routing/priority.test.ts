import { describe, expect, it } from 'vitest';
import { classify } from '../../../server/routing/classifier/index.js';
import { computePriority, prioritySignals } from '../../../server/routing/classifier/priority.js';

describe('priority', () => {
  it('ranks an angry complaint above a calm question (en)', () => {
    const angry = classify('This is UNACCEPTABLE!!! Third outage this week, I want a manager or I call my lawyer.');
    const calm = classify('Hi, could you tell me how much the Business plan costs?');
    expect(angry.type).toBe('complaint');
    expect(angry.priority).toBe(3);
    expect(calm.priority).toBeLessThanOrEqual(1);
    expect(angry.priority).toBeGreaterThan(calm.priority);
  });

  it('ranks an angry complaint above a calm question (zh)', () => {
    const angry = classify('垃圾服务！！我要投诉，气死我了，再不处理我就找律师');
    const calm = classify('请问专业版每个月多少钱？');
    expect(angry.type).toBe('complaint');
    expect(angry.priority).toBe(3);
    expect(angry.priority).toBeGreaterThan(calm.priority);
  });

  it('raises urgent technical problems above routine how-to questions', () => {
    expect(computePriority('Outage: none of our agents can log in, urgent', 'support')).toBe(2);
    expect(computePriority('紧急！所有坐席都登录不了', 'support')).toBe(2);
    expect(computePriority('How do I change my avatar?', 'support')).toBe(1);
  });

  it('lowers explicitly relaxed requests and empty text', () => {
    expect(computePriority('Just curious about pricing, no rush', 'sales')).toBe(0);
    expect(computePriority('不急，就是想问问价格', 'sales')).toBe(0);
    expect(computePriority('', 'support')).toBe(0);
  });

  it('reads tone from punctuation and capitals, including full-width marks', () => {
    expect(prioritySignals('Where is my order').anger).toBe(0);
    expect(prioritySignals('Where is my order?!').anger).toBeGreaterThan(0);
    expect(prioritySignals('WHERE IS MY ORDER').anger).toBeGreaterThan(0);
    expect(prioritySignals('我的订单呢！！').anger).toBeGreaterThan(0);
  });

  it('does not mistake an account manager for a demand to see one', () => {
    expect(computePriority('How much is a dedicated account manager?', 'sales')).toBe(1);
    expect(computePriority('大客户可以有专属客户经理吗', 'sales')).toBe(1);
  });
});
