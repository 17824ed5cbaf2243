// Rule-based priority: intent sets the base, tone and urgency cues move it up or down.
import { normalize } from './normalize.js';
import type { Priority, RequestType } from './types.js';

// Word-boundary English cues; matched against normalised (lowercased) text.
const EN_ANGER =
  /\b(unacceptable|disgrace(ful)?|ridiculous|outrageous|appalling|pathetic|furious|livid|fuming|lawyers?|legal action|sue|court|ombudsman|regulator|scam(med)?|worst|terrible|horrible|disgusting|incompetent|useless|shameful|garbage|rubbish|fed up|sick of|had enough|last straw|never again|(speak|talk) (to|with) (a|the|your) manager|manager now|supervisor|escalate[ds]?|complain(t|ing)?|1-star|one star|lied|liar|rude|joke)\b/g;
const ZH_ANGER =
  /垃圾|投诉|气死|气炸|太过分|过分|离谱|骗子|被骗|欺骗|律师|起诉|法院|消协|12315|工信部|曝光|差评|恶心|无耻|受够|忍无可忍|恶劣|差劲|最差|领导|(?<!客户)经理|主管|升级处理|崩溃|烂|丢人|侮辱/g;
const EN_URGENT =
  /\b(urgent(ly)?|asap|emergency|immediately|right now|outage|down|offline|cannot log ?in|can'?t log ?in|unable to log ?in|locked out|not working at all|all (of )?(our )?(agents|users)|production|critical|p1|data loss|security breach|hacked)\b/g;
const ZH_URGENT = /紧急|加急|尽快|马上|立刻|立即|宕机|故障|断网|瘫痪|登录不了|登不上|无法登录|所有(人|坐席|用户|客服|员工)|全部(用户|坐席)|被盗|泄露|救命|十万火急/g;
// Explicitly relaxed messages can wait.
const LOW = /\b(no rush|no hurry|whenever|just curious|just wondering|not urgent|when you get a chance|at your convenience)\b|不急|有空|随便问问|不着急|方便的时候/;

const BASE: Record<RequestType, number> = { sales: 1, support: 1, billing: 1, complaint: 2 };

export interface PrioritySignals {
  anger: number;
  urgency: number;
  relaxed: boolean;
}

function count(re: RegExp, text: string): number {
  return (text.match(re) ?? []).length;
}

export function prioritySignals(text: string): PrioritySignals {
  const norm = normalize(text);
  let anger = count(EN_ANGER, norm) + count(ZH_ANGER, norm);
  // Repeated ! (ASCII after NFKC) and shouted words are tone, not content.
  if ((norm.match(/!/g) ?? []).length >= 2) anger++;
  if (/\?\?|\?!|!\?/.test(norm)) anger++;
  const shouted = text.match(/\b[A-Z]{4,}\b/g) ?? [];
  if (shouted.length > 0) anger++;
  const urgency = count(EN_URGENT, norm) + count(ZH_URGENT, norm);
  return { anger, urgency, relaxed: LOW.test(norm) };
}

export function computePriority(text: string, type: RequestType): Priority {
  if (text.trim() === '') return 0;
  const { anger, urgency, relaxed } = prioritySignals(text);
  if (relaxed && anger === 0 && urgency === 0) return 0;
  let p = BASE[type];
  // One cue nudges a calm question up; it takes two to push a complaint to urgent.
  if (anger >= (type === 'complaint' ? 2 : 1)) p++;
  if (urgency > 0) p++;
  return Math.max(0, Math.min(3, p)) as Priority;
}
