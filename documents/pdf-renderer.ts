// HTML → PDF with headless Chromium driven by playwright-core. Debian's own Chromium is used because
// `npx playwright install` downloads a browser build from outside the package registries, which cannot
// work here (and must not at run time anyway). Debian's chromium-headless-shell is preferred: the full
// browser's headless mode opens each page about four times slower (≈300 ms against ≈80 ms measured
// here), so the full `chromium` is only the fallback. One browser per process, launched on first use and
// reused; each render gets a fresh page that is closed afterwards. The page may not reach the network:
// every request except data: URLs is aborted, so a template can never fetch anything, and scripts are off.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Route } from 'playwright-core';

/** Debian's packages chromium-headless-shell and chromium, in order of preference. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'] as const;

export type PaperSize = 'A4' | 'Letter';

export interface PdfRenderOptions {
  /** Paper when the document's CSS does not set `@page { size }`. Default A4. */
  paper?: PaperSize;
}

export interface PdfRenderer {
  /** The whole HTML document (inline CSS; no outside resources: they are blocked) as PDF bytes. */
  render(html: string, options?: PdfRenderOptions): Promise<Uint8Array<ArrayBuffer>>;
  /** Closes the browser; a later render launches a new one. */
  close(): Promise<void>;
  readonly description: string;
}

export interface ChromiumPdfOptions {
  executablePath?: string;
  /** Per render: a page that has not turned into a PDF by then is closed and the render fails. */
  timeoutMs?: number;
  /** Told about each request the page tried to make and was refused (for logs and tests). */
  onBlockedRequest?: (url: string) => void;
}

const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** The first Chromium installed; undefined tells the caller to go on without PDFs. */
export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string | undefined {
  return candidates.find((path) => existsSync(path));
}

export function chromiumPdfRenderer(options: ChromiumPdfOptions = {}): PdfRenderer {
  const executablePath = options.executablePath ?? findChromium() ?? CHROMIUM_CANDIDATES[0];
  // Launch and render each well inside the activity's one-minute start-to-close timeout.
  const timeoutMs = options.timeoutMs ?? 20_000;
  // One shared context: routing set once covers every page opened in it.
  let session: Promise<{ browser: Browser; context: BrowserContext }> | undefined;

  async function launch() {
    const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, timeout: 20_000 });
    // A crashed or killed browser is forgotten, so the next render (an activity retry) launches anew.
    browser.on('disconnected', () => { session = undefined; });
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**', (route: Route) => {
      const url = route.request().url();
      if (url.startsWith('data:')) return route.continue();
      options.onBlockedRequest?.(url);
      return route.abort('blockedbyclient');
    });
    return { browser, context };
  }

  function current() {
    if (!session) {
      session = launch();
      session.catch(() => { session = undefined; });
    }
    return session;
  }

  return {
    description: `PDF by Chromium ${executablePath}`,

    async render(html, renderOptions = {}) {
      const { context } = await current();
      const page = await context.newPage();
      let timer: NodeJS.Timeout | undefined;
      try {
        page.setDefaultTimeout(timeoutMs);
        const rendering = (async () => {
          await page.setContent(html, { waitUntil: 'load' });
          return page.pdf({ format: renderOptions.paper ?? 'A4', printBackground: true, preferCSSPageSize: true });
        })();
        rendering.catch(() => {}); // after a timeout, its late failure is not news
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Chromium did not render the PDF within ${timeoutMs} ms`)), timeoutMs);
        });
        return new Uint8Array(await Promise.race([rendering, timedOut]));
      } finally {
        clearTimeout(timer);
        await page.close().catch(() => {});
      }
    },

    async close() {
      const running = session;
      session = undefined;
      if (!running) return;
      const { browser } = await running.catch(() => ({ browser: undefined }));
      await browser?.close().catch(() => {});
    },
  };
}
