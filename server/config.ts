// Configuration from environment variables, validated once at start with clear messages.
import { z } from 'zod';
import { parseTrustProxy } from './http/trust-proxy.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|file:)/, 'must start with postgres://, postgresql:// or file:')
    .optional(),
  PUBLIC_URL: z.url('must be a URL such as https://support.example.com').optional(),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  VISITOR_TOKEN_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBCHAT_ENABLED: bool.default(true),
  MEILISEARCH_URL: z.url().optional(),
  MEILISEARCH_KEY: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(100_000).default(5000),
  // Uploads (agents and visitors): a size cap and an allow-list of sniffed types (server/attachments/limits.ts).
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  ATTACHMENT_TYPES: z.string().max(4000).optional(),
  WIDGET_MESSAGES_PER_10S: z.coerce.number().int().min(1).max(100_000).default(20),
  // Tests only: where the Twilio and Slack adapters send their API calls (a local stand-in).
  TWILIO_API_URL: z.url('must be a URL such as http://127.0.0.1:4010').optional(),
  SLACK_API_URL: z.url('must be a URL such as http://127.0.0.1:4011/api/').optional(),
  TRUST_PROXY: z.string().transform((v, c) => {
    try {
      return parseTrustProxy(v);
    } catch (err) {
      c.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }).default(false),
  // A name for this node that survives restarts (leases); must be unique among running nodes.
  NODE_ID: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits, or _ . : -').optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and checks the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (cleaned.ADMIN_PASSWORD && !cleaned.ADMIN_EMAIL) problems.push('  ADMIN_EMAIL: must be set when ADMIN_PASSWORD is (set both or neither)');
  if (problems.length || !parsed.success) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return parsed.data;
}
