// Configuration: defaults with no environment, one ConfigError naming every bad variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('runs with no configuration at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', WEBCHAT_ENABLED: true, MAX_MESSAGE_CHARS: 5000, TRUST_PROXY: false, LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_EMAIL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', ADMIN_PASSWORD: '' }).PORT).toBe(3000);
  });

  it('coerces numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', WEBCHAT_ENABLED: 'off', TRUST_PROXY: 'yes', MAX_MESSAGE_CHARS: '200' });
    expect(config).toMatchObject({ PORT: 8080, WEBCHAT_ENABLED: false, TRUST_PROXY: 1, MAX_MESSAGE_CHARS: 200 });
  });

  it('TRUST_PROXY: off, true as one proxy hop, a number of hops, or proxy addresses and subnets', () => {
    const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).TRUST_PROXY;
    expect([trust('false'), trust('0'), trust('off')]).toEqual([false, false, false]);
    expect([trust('true'), trust('1'), trust('2')]).toEqual([1, 1, 2]);
    expect(trust('10.0.0.0/8, loopback,192.168.1.1,fd00::/8')).toEqual(['10.0.0.0/8', 'loopback', '192.168.1.1', 'fd00::/8']);
    for (const bad of ['everything', '10.0.0.0/99', '11', '10.0.0.1,proxy.local']) expect(configError({ TRUST_PROXY: bad }).message).toMatch(/TRUST_PROXY/);
  });

  it.each(['abc', '70000', '-1', '80.5'])('a bad PORT (%s) is a ConfigError naming PORT', (port) => {
    expect(configError({ PORT: port }).message).toMatch(/\bPORT\b/);
  });

  it.each(['mysql://u@h/db', 'postgres:/missing-slash', 'sqlite.db'])('a bad DATABASE_URL (%s) is a ConfigError naming DATABASE_URL and what is allowed', (url) => {
    const message = configError({ DATABASE_URL: url }).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('postgres://');
  });

  it('accepts postgres, postgresql and file: database URLs', () => {
    for (const url of ['postgres://u@h/db', 'postgresql://u@h:5432/db?schema=x', 'file:./data/x.db']) expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it('ADMIN_PASSWORD without ADMIN_EMAIL is a ConfigError naming both', () => {
    const message = configError({ ADMIN_PASSWORD: 'a long enough password' }).message;
    expect(message).toContain('ADMIN_PASSWORD');
    expect(message).toContain('ADMIN_EMAIL');
  });

  it('ADMIN_EMAIL and ADMIN_PASSWORD together are fine', () => {
    expect(loadConfig({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'a long enough password' }).ADMIN_EMAIL).toBe('boss@example.com');
  });

  it('names every bad variable in one error, the ADMIN pair included', () => {
    const message = configError({ PORT: 'abc', DATABASE_URL: 'mysql://u@h/db', ADMIN_PASSWORD: 'a long enough password', LOG_LEVEL: 'loud' }).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_EMAIL']) expect(message, message).toContain(name);
  });

  it('a bad boolean names the variable', () => {
    expect(configError({ WEBCHAT_ENABLED: 'maybe' }).message).toContain('WEBCHAT_ENABLED');
  });

  it('never echoes secret values in the error', () => {
    const message = configError({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'hunter2', SECRET_KEY: 'tiny-secret-value' }).message;
    expect(message).toContain('ADMIN_PASSWORD');
    expect(message).toContain('SECRET_KEY');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('tiny-secret-value');
  });
});
