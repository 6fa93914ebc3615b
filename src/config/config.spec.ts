import { ConfigError, loadConfig } from './config';

describe('loadConfig: timeouts, throttling, proxies (issue 18)', () => {
  it('has deliberate defaults', () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeoutMs: 3_600_000,
      headersTimeoutMs: 20_000,
      authFailureLimit: 10,
      authFailureWindowSeconds: 60,
      trustProxy: false,
      fault: null,
    });
  });

  it('takes a fault to inject only as <point>:<action> (the crash suite)', () => {
    expect(loadConfig({ STRATA_FAULT: 'before-commit:kill' }).fault).toEqual({ point: 'before-commit', action: 'kill' });
    expect(loadConfig({ STRATA_FAULT: ' mid-staging:hold ' }).fault).toEqual({ point: 'mid-staging', action: 'hold' });
    expect(loadConfig({ STRATA_FAULT: '' }).fault).toBeNull();
  });

  it('takes the variables', () => {
    const config = loadConfig({
      STRATA_REQUEST_TIMEOUT_MS: '0',
      STRATA_HEADERS_TIMEOUT_MS: '5000',
      STRATA_AUTH_FAILURE_LIMIT: '0',
      STRATA_AUTH_FAILURE_WINDOW_SECONDS: '600',
      STRATA_TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1',
    });
    expect(config).toMatchObject({ requestTimeoutMs: 0, headersTimeoutMs: 5000, authFailureLimit: 0, authFailureWindowSeconds: 600 });
    expect(config.trustProxy).toBe('loopback, 10.0.0.0/8, ::1');
    expect(loadConfig({ STRATA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ STRATA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    [{ STRATA_HEADERS_TIMEOUT_MS: '0' }, /STRATA_HEADERS_TIMEOUT_MS/],
    [{ STRATA_REQUEST_TIMEOUT_MS: '1000', STRATA_HEADERS_TIMEOUT_MS: '2000' }, /must not exceed/],
    [{ STRATA_REQUEST_TIMEOUT_MS: '-1' }, /STRATA_REQUEST_TIMEOUT_MS/],
    [{ STRATA_AUTH_FAILURE_WINDOW_SECONDS: '0' }, /STRATA_AUTH_FAILURE_WINDOW_SECONDS/],
    [{ STRATA_AUTH_FAILURE_LIMIT: 'ten' }, /STRATA_AUTH_FAILURE_LIMIT/],
    [{ STRATA_TRUST_PROXY: 'my-proxy' }, /STRATA_TRUST_PROXY/],
    [{ STRATA_TRUST_PROXY: '10.0.0.0/8/1' }, /STRATA_TRUST_PROXY/],
    [{ STRATA_FAULT: 'before-commit' }, /STRATA_FAULT/],
    [{ STRATA_FAULT: 'during-lunch:kill' }, /STRATA_FAULT/],
    [{ STRATA_FAULT: 'before-commit:explode' }, /STRATA_FAULT/],
    [{ STRATA_FAULT: 'before-commit:kill:now' }, /STRATA_FAULT/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
