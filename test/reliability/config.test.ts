import { ConfigError, loadConfig } from '../../server/config';

describe('the hardening settings of the configuration', () => {
  it('defaults to read-only, no CORS, 8 KiB URLs, 32 MiB writes and a 5 s statement timeout', () => {
    const config = loadConfig({});
    expect(config.adminToken).toBeUndefined();
    expect(config.corsOrigins).toEqual([]);
    expect(config.maxUrlBytes).toBe(8192);
    expect(config.maxWriteBodyBytes).toBe(32 * 1024 * 1024);
    expect(config.dbStatementTimeoutMs).toBe(5000);
  });

  it('reads ADMIN_TOKEN, and refuses a short one without echoing it', () => {
    expect(loadConfig({ ADMIN_TOKEN: ' a-long-enough-admin-token ' }).adminToken).toBe('a-long-enough-admin-token');
    let error: unknown;
    try {
      loadConfig({ ADMIN_TOKEN: 'secret123' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ADMIN_TOKEN must be at least 16 characters/);
    expect((error as Error).message).not.toContain('secret123');
    expect(() => loadConfig({ ADMIN_TOKEN: 'has a space in the middle of it' })).toThrow(ConfigError);
  });

  it('reads CORS_ORIGINS as a comma-separated list of origins or *', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://epj.example.no, http://localhost:3000,' }).corsOrigins).toEqual(['https://epj.example.no', 'http://localhost:3000']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://epj.example.no/' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'epj.example.no' })).toThrow(/CORS_ORIGINS/);
  });

  it('reads PGLITE_TEMPLATE as on (the default) or off', () => {
    expect(loadConfig({}).pgliteTemplate).toBe(true);
    expect(loadConfig({ PGLITE_TEMPLATE: 'OFF' }).pgliteTemplate).toBe(false);
    expect(() => loadConfig({ PGLITE_TEMPLATE: 'no' })).toThrow(/PGLITE_TEMPLATE must be on or off/);
  });

  it('checks the limits', () => {
    expect(loadConfig({ MAX_URL_BYTES: '4096', MAX_WRITE_BODY_BYTES: '2048', DB_STATEMENT_TIMEOUT_MS: '250' })).toMatchObject({
      maxUrlBytes: 4096,
      maxWriteBodyBytes: 2048,
      dbStatementTimeoutMs: 250,
    });
    expect(() => loadConfig({ MAX_URL_BYTES: '10' })).toThrow(/MAX_URL_BYTES must be between/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/DB_STATEMENT_TIMEOUT_MS must be a whole number/);
  });
});
