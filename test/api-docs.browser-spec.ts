import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from './support/test-app';
import { browserSuite, consoleForSuite, shot } from './support/console-browser';

const suite = browserSuite('API docs browser tests');

/**
 * Issue 18 item 6: the OpenAPI UI at /api/docs and the console at / run in a real browser under
 * the content security policies helmet sends, with no violation reported and no page error.
 */
suite('pages under their content security policy (browser)', () => {
  jest.setTimeout(90_000);
  const ui = consoleForSuite();

  /** A page that records CSP violations (as the document reports them) and script errors. */
  async function open(url: string): Promise<{ page: Page; violations: string[]; errors: string[] }> {
    const page = await ui.browser.newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      g.document.addEventListener('securitypolicyviolation', (e: any) => g.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)); // eslint-disable-line @typescript-eslint/no-explicit-any
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(ui.base + url);
    return { page, violations, errors };
  }

  it('shows the OpenAPI UI, and it calls the API with a token ("Try it out")', async () => {
    const { page, violations, errors } = await open('/api/docs');
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Strata' }).waitFor();
    // Its own styles apply (the page's inline <style> hides the download bar).
    const background = await page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).backgroundColor); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(background).toBe('rgb(250, 250, 250)');

    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.modal-ux input[type=text]').fill(ADMIN_TOKEN);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    const operation = page.locator('#operations-users-UsersHttpController_me');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    await operation.locator('.live-responses-table .response-col_status').filter({ hasText: '200' }).first().waitFor();
    await shot(page, 'api-docs');
    // Issue 22: "Try it out" can upload a backup (a multipart body with a file field).
    const restore = page.locator('#operations-restore-RestoresHttpController_restore');
    await restore.locator('.opblock-summary').click();
    await restore.getByText('Restore items from backup files').first().waitFor();
    await restore.getByRole('button', { name: 'Try it out' }).click();
    expect(await restore.locator('input[type=file]').count()).toBeGreaterThan(0);
    await shot(page, 'api-docs-restore-upload');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the console sign-in with no violation either', async () => {
    const { page, violations, errors } = await open('/');
    await page.getByRole('button', { name: /sign in/i }).waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
