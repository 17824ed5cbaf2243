// The customer's "we're closed" notice, in the conversation's language (en/zh).
import type { Opening } from './hours.js';

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZH_DAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function closedNotice(teamName: string, tz: string, opening: Opening | null, language: string | null): string {
  if (language === 'zh') {
    if (!opening) return `我们现在不在服务时间；${teamName}会尽快回复您。`;
    const when = opening.inDays === 0 ? '今天' : opening.inDays === 1 ? '明天' : ZH_DAYS[opening.day];
    return `我们现在不在服务时间；${teamName}将于${when} ${opening.time}（${tz}）恢复服务。`;
  }
  if (!opening) return `We're closed now; ${teamName} will get back to you as soon as we can.`;
  const when = opening.inDays === 0 ? 'today at' : opening.inDays === 1 ? 'tomorrow at' : EN_DAYS[opening.day];
  return `We're closed now; ${teamName} is back ${when} ${opening.time} (${tz}).`;
}
