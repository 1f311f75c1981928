// Small helpers over the VS Code 1.100 workbench DOM (selectors verified in the code-server recipe, section 6).
// Every wait has a timeout; nothing sleeps without a bound.

/** Collapses whitespace (the DOM uses nbsp and line breaks freely). */
export function squash(s) {
  return (s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The editor of the active editor group. */
export function activeEditor(page) {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/**
 * Types into the quick input that is open (quick open or command palette) and accepts the row matching `rowText`.
 * @param {import('playwright-core').Page} page
 * @param {string} value what to type
 * @param {string | RegExp} rowText the row to accept
 */
export async function quickInput(page, value, rowText) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(value);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
}

/**
 * Runs a command from the palette (F1) by its palette label, e.g. `View: Close All Editors`.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  await quickInput(page, `>${label}`, label);
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) and waits until the editor shows `expectText` in YAML mode.
 * @param {import('playwright-core').Page} page
 * @param {string} name file name as typed into Quick Open
 * @param {string} expectText text that must be visible in the editor once open
 * @param {string | RegExp} [rowText] the Quick Open row to accept (default: the first naming the file), for names that
 *   several folders hold
 */
export async function openFile(page, name, expectText, rowText) {
  await page.keyboard.press('Control+P');
  await quickInput(page, name, rowText ?? name.split('/').pop() ?? name);
  const editor = activeEditor(page);
  await editor.locator('.view-lines', { hasText: expectText }).waitFor({ timeout: 30000 });
  await page.locator('.statusbar-item', { hasText: 'YAML' }).first().waitFor({ timeout: 30000 });
  await page.locator('.tab.active', { hasText: name.split('/').pop() ?? name }).waitFor({ timeout: 10000 });
  return editor;
}

/**
 * Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G, `line:col`).
 * @param {import('playwright-core').Page} page
 * @param {number} line
 * @param {number} column
 */
export async function goTo(page, line, column) {
  // Go to Line works from anywhere while an editor is active (no click: the editor may be scrolled).
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 10000 });
}

/**
 * Hovers the first editor token whose text is exactly `token` until a hover part containing `expect` shows,
 * retrying while the extension activates (recipe: up to ~20 x 1.5 s). Returns the part's text or null.
 * @param {import('playwright-core').Page} page
 * @param {string} token
 * @param {string | RegExp} expect
 * @param {number} [tries]
 */
export async function hoverToken(page, token, expect, tries = 20) {
  const editor = activeEditor(page);
  const tok = editor.locator('.view-line span span', { hasText: new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  await tok.waitFor({ timeout: 10000 });
  const part = page.locator('.monaco-hover .hover-contents', { hasText: expect }).first();
  for (let i = 0; i < tries; i++) {
    const box = await tok.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await part.waitFor({ state: 'visible', timeout: 1500 });
      return (await part.innerText()).trim();
    } catch {
      await page.mouse.move(5, 5);
      await sleep(100);
    }
  }
  return null;
}

/**
 * Hovers `token` a few times and returns the text of any hover that shows (null when none does).
 * Used to prove silence on files that are not Kubernetes objects.
 */
export async function anyHoverOn(page, token, tries = 4) {
  const editor = activeEditor(page);
  const tok = editor.locator('.view-line span span', { hasText: new RegExp(`^${token}$`) }).first();
  await tok.waitFor({ timeout: 10000 });
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
  for (let i = 0; i < tries; i++) {
    const box = await tok.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 1500 });
      const text = squash(await hover.innerText());
      if (text) return text;
    } catch {
      // nothing shown: that is what we hope for
    }
    await page.mouse.move(5, 5);
  }
  return null;
}

/** Closes hovers, widgets and the palette. */
export async function dismiss(page) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

/**
 * Opens the Problems panel (if closed) and returns the text of its rows, file rows included.
 * @param {import('playwright-core').Page} page
 */
export async function problemRows(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible', timeout: 10000 });
  }
  // All rows' texts at once: counting the rows and then reading each one races with the list re-rendering (a row
  // that went away in between, e.g. the error a quick fix just removed, was waited for until the 30 s timeout).
  return (await panel.locator('.monaco-list-row').allInnerTexts()).map(squash);
}

/** Waits until some Problems row contains `text`; returns all rows. */
export async function waitForProblem(page, text, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < until) {
    rows = await problemRows(page);
    if (rows.some((r) => r.includes(text))) return rows;
    await sleep(300);
  }
  throw new Error(`no Problems row contains ${JSON.stringify(text)}; rows: ${JSON.stringify(rows)}`);
}

/**
 * The `<body>` of the (single) webview's content: the outer `iframe.webview.ready` holds `#active-frame`.
 * @param {import('playwright-core').Page} page
 */
export function webviewBody(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
}

/**
 * Polls the webview's text (whitespace squashed) until `test` accepts it or `timeoutMs` passes.
 * Returns `{ ok, text }` with the last text read (the webview may be replaced while it re-renders).
 * @param {import('playwright-core').Page} page
 * @param {(text: string) => boolean} test
 * @param {number} [timeoutMs]
 */
export async function waitForWebviewText(page, test, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = squash(await webviewBody(page).innerText({ timeout: 2000 }).catch(() => ''));
    if (test(text)) return { ok: true, text };
    if (Date.now() >= until) return { ok: false, text };
    await sleep(300);
  }
}

/**
 * Pastes `text` into the focused Monaco editor as the browser would (a `paste` ClipboardEvent carrying the
 * text), so the editor inserts it verbatim: no auto-indent, auto-closing or suggestions as typing would do.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
export async function pasteText(page, text) {
  const target = await page.evaluate((t) => {
    const el = document.activeElement;
    if (!el || !el.closest('.monaco-editor')) return el ? `${el.tagName}.${el.className}` : 'nothing';
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return '';
  }, text);
  if (target) throw new Error(`cannot paste: the focus is not in an editor but on ${target}`);
}
