import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { DEFAULT_FROM, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to port 8080 and log-only mode', () => {
    assert.deepEqual(loadConfig({}), { port: 8080, smtp: undefined });
  });

  it('reads the SMTP settings with port 587 and the default sender', () => {
    assert.deepEqual(loadConfig({ PORT: '5000', SMTP_HOST: 'mail.example.com' }), {
      port: 5000,
      smtp: {
        host: 'mail.example.com',
        port: 587,
        secure: false,
        user: undefined,
        password: undefined,
        from: DEFAULT_FROM,
      },
    });
  });

  it('defaults to port 465 with implicit TLS and takes credentials and sender', () => {
    const config = loadConfig({
      SMTP_HOST: 'mail.example.com',
      SMTP_SECURE: 'true',
      SMTP_USER: 'shop',
      SMTP_PASSWORD: 's3cret',
      EMAIL_FROM: 'Shop <shop@example.com>',
    });
    assert.deepEqual(config.smtp, {
      host: 'mail.example.com',
      port: 465,
      secure: true,
      user: 'shop',
      password: 's3cret',
      from: 'Shop <shop@example.com>',
    });
  });

  it('returns a frozen configuration', () => {
    const config = loadConfig({ SMTP_HOST: 'mail.example.com' });
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.smtp));
  });

  it('reports every problem at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'http', SMTP_PORT: '99999', SMTP_SECURE: 'maybe', SMTP_USER: 'shop' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems, [
          'PORT must be a port number (0-65535), got "http"',
          'SMTP_SECURE must be true or false, got "maybe"',
          'SMTP_PORT must be a port number (0-65535), got "99999"',
          'SMTP_PASSWORD is required when SMTP_USER is set',
          'SMTP_HOST is required when other SMTP_* settings are given',
        ]);
        return true;
      },
    );
  });

  it('refuses a password without a user', () => {
    assert.throws(() => loadConfig({ SMTP_HOST: 'mail.example.com', SMTP_PASSWORD: 'x' }), /SMTP_USER is required/);
  });
});
