// Embedded KB search latency on 10,000 synthetic articles. Usage: npx tsx bench/kb-search.ts [docs] [queries]
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EmbeddedSearchIndex } from '../server/kb/search/embedded.js';
import type { SearchDoc, SearchQuery } from '../server/kb/search/port.js';
import { seededRandom } from './random.js';

const DOCS = Number(process.argv[2] ?? 10_000);
const QUERIES = Number(process.argv[3] ?? 1_000);

const rand = seededRandom(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

// Help-centre vocabulary: domain words the queries use, spread over a Zipf distribution with a long tail of
// invented words and product names, so common words hit many articles and rare ones few (like real corpora).
const EN_WORDS = (
  'account order refund invoice receipt payment card subscription plan upgrade downgrade cancel shipping delivery tracking ' +
  'parcel package return exchange warranty repair password login security authentication device phone email address ' +
  'billing tax discount coupon gift balance wallet team member seat admin permission export import report dashboard ' +
  'notification settings profile language currency region customs duties courier warehouse stock inventory product ' +
  'catalog variant size colour battery charger cable screen update firmware backup restore sync integration webhook ' +
  'api token workspace project folder document upload download storage limit quota trial renewal reminder schedule'
).split(' ');
const EN_VERBS = 'reset change update request track cancel enable disable download connect remove add configure fix find'.split(' ');
const FILLER = 'the a your our you can we to of for in on with from when if after before it this that is are be will may'.split(' ');
const ZH_WORDS = (
  '退款 发票 订单 物流 快递 密码 登录 账户 订阅 套餐 支付 地址 退货 换货 客服 优惠券 余额 验证码 安全 设置 通知 发货 配送 售后 保修 ' +
  '会员 积分 手机 邮箱 绑定 解绑 修改 取消 申请 审核 到账 银行 信用卡 微信 支付宝 价格 折扣 活动 库存 商品 颜色 尺码 包装 破损 ' +
  '维修 电池 充电器 屏幕 系统 更新 版本 下载 上传 文件 存储 空间 团队 成员 权限 管理员 报表 数据 导出 导入 隐私 注销 冻结 解冻 ' +
  '短信 语音 电话 工作日 时间 费用 运费 税费 海关 国际 城市 门店 自提 预约 上门 取件 仓库 签收 拒收 延迟 丢失 赔偿 投诉 建议'
).split(' ');
const ZH_FILLER = '您 可以 在 中 的 后 请 我们 将 如何 进行 查看 页面 点击 选择 如果 需要 已经 没有 无法 或者 以及 通过 之前 之后'.split(' ');
const SYLLABLES = 'ka lo ve ra zen tix mo qua dri sel pho nex tur vin sa ko mi lu bre gor pan die ful wes ton'.split(' ');

const coined = (n: number) => Array.from({ length: n }, () => Array.from({ length: int(2, 4) }, () => pick(SYLLABLES)).join(''));
const BRANDS = coined(2000);
// Domain words land at ranks 1..~1500 of the content vocabulary, so some are everywhere and some are rare.
const CONTENT: string[] = coined(4000);
EN_WORDS.forEach((w, i) => CONTENT.splice(Math.min(CONTENT.length, i * 15 + int(0, 14)), 0, w));
const ZIPF_CDF = (() => {
  let acc = 0;
  const cdf = CONTENT.map((_, r) => (acc += 1 / Math.pow(r + 1, 1.05)));
  return cdf.map((x) => x / acc);
})();
function zipfWord(): string {
  const x = rand();
  let lo = 0;
  let hi = ZIPF_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CDF[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return CONTENT[lo]!;
}

function enSentence(): string {
  const words = Array.from({ length: int(8, 18) }, () => (rand() < 0.45 ? pick(FILLER) : rand() < 0.05 ? pick(BRANDS) : zipfWord()));
  return words.join(' ') + '.';
}

function makeDoc(i: number): SearchDoc {
  const zh = rand() < 0.2;
  const status = rand() < 0.8 ? 'published' : pick(['draft', 'in_review', 'archived'] as const);
  if (zh) {
    const title = `${pick(ZH_FILLER)}${pick(ZH_WORDS)}${pick(ZH_WORDS)}说明 ${pick(BRANDS)}`;
    // Chinese content words follow a Zipf curve too (squaring rand() favours the first words of the list).
    const zhWord = () => ZH_WORDS[Math.floor(rand() * rand() * ZH_WORDS.length)]!;
    const body = Array.from({ length: int(6, 20) }, () => Array.from({ length: int(6, 14) }, () => (rand() < 0.5 ? pick(ZH_FILLER) : zhWord())).join('') + '。').join('\n\n');
    return { id: `zh-${i}`, title, body, tags: [pick(ZH_WORDS)], language: 'zh', status, category: 'general' };
  }
  const title = `${pick(EN_VERBS)} ${pick(EN_WORDS)} ${zipfWord()} for ${pick(BRANDS)}`;
  const paragraphs = Array.from({ length: int(2, 6) }, () => Array.from({ length: int(2, 5) }, enSentence).join(' '));
  const body = `## ${pick(EN_VERBS)} ${zipfWord()}\n\n${paragraphs.join('\n\n')}\n\n- **${pick(EN_WORDS)}**: ${enSentence()}`;
  return { id: `en-${i}`, title, body, tags: [pick(EN_WORDS), zipfWord()], language: 'en', status, category: 'general' };
}

function typo(word: string): string {
  const i = int(1, word.length - 2);
  return rand() < 0.5 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

type Kind = 'keyword' | 'phrase' | 'typo' | 'prefix' | 'question' | 'chinese';
function makeQuery(): { kind: Kind; query: SearchQuery } {
  const r = rand();
  const published = { status: 'published' as const };
  if (r < 0.25) return { kind: 'keyword', query: { q: pick(rand() < 0.8 ? EN_WORDS : BRANDS), language: 'en', ...published } };
  if (r < 0.45) return { kind: 'phrase', query: { q: `${pick(EN_VERBS)} ${pick(EN_WORDS)} ${pick(EN_WORDS)}`, language: 'en', ...published } };
  if (r < 0.6) return { kind: 'typo', query: { q: typo(pick(EN_WORDS.filter((w) => w.length >= 6))), language: 'en' } };
  if (r < 0.75) {
    const word = pick(EN_WORDS);
    return { kind: 'prefix', query: { q: word.slice(0, int(2, Math.min(6, word.length))), language: 'en', ...published } };
  }
  if (r < 0.9) return { kind: 'question', query: { q: `how do I ${pick(EN_VERBS)} my ${pick(EN_WORDS)} ${pick(EN_WORDS)}`, ...published } };
  return { kind: 'chinese', query: { q: `${pick(ZH_FILLER)}${pick(ZH_WORDS)}${pick(ZH_WORDS)}`, language: 'zh', ...published } };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (x: number) => x.toFixed(3).padStart(8);

async function main(): Promise<void> {
  const docs = Array.from({ length: DOCS }, (_, i) => makeDoc(i));
  const index = new EmbeddedSearchIndex();
  const t0 = performance.now();
  await index.upsert(docs);
  const buildMs = performance.now() - t0;
  const queries = Array.from({ length: QUERIES }, makeQuery);
  // Collect the bulk-load garbage first, so we time steady-state searches rather than a leftover major GC.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  // Warm-up lets V8 optimise the hot paths before we measure.
  for (const { query } of queries.slice(0, 200)) await index.search(query);
  const all: number[] = [];
  const cpu: number[] = [];
  const byKind = new Map<Kind, number[]>();
  let totalHits = 0;
  for (const { kind, query } of queries) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const hits = await index.search(query);
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(cpuStart);
    // CPU time is reported next to wall time because shared CI machines inflate wall time under load.
    cpu.push((used.user + used.system) / 1000);
    totalHits += hits.length;
    all.push(elapsed);
    byKind.set(kind, [...(byKind.get(kind) ?? []), elapsed]);
  }
  const row = (label: string, xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    const cols = [percentile(s, 50), percentile(s, 95), percentile(s, 99), s.at(-1)!].map(ms).join(' ');
    return `${label.padEnd(10)} ${String(s.length).padStart(6)} ${cols}`;
  };
  const heapMb = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
  console.log(
    `KB embedded search: ${DOCS} docs indexed in ${(buildMs / 1000).toFixed(2)} s, heap ${heapMb} MB, ` +
      `avg ${(totalHits / QUERIES).toFixed(1)} hits/query, load avg ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`${'kind'.padEnd(10)} ${'n'.padStart(6)} ${['p50 ms', 'p95 ms', 'p99 ms', 'max ms'].map((h) => h.padStart(8)).join(' ')}`);
  for (const [kind, xs] of byKind) console.log(row(kind, xs));
  console.log(row('all', all));
  console.log(row('all (cpu)', cpu));
  const sorted = all.slice().sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const [p50Ms, p95Ms, p99Ms] = [50, 95, 99].map((p) => round(percentile(sorted, p)));
  const summary = { docs: DOCS, p50Ms, p95Ms, p99Ms };
  console.log(JSON.stringify({ kbSearch: summary }));
}

void main();
