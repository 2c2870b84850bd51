/**
 * `cdr preview workbook` output opened in a real headless Chromium (Debian's /usr/bin/chromium, installed by .ci/run):
 * every item of every workbook is on the page, every query item rendered with data (table rows, tiles, or an SVG
 * chart with drawn marks), and the page makes no network request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { runPreview } from '../tools/preview/index.js';
import { contentLayout } from '../tools/util/paths.js';
import { loadContent } from '../tools/content/load.js';
import { resolveWorkbook } from '../tools/workbooks/resolve.js';
import { walkItems, type Workbook } from '../tools/workbooks/model.js';

const L = contentLayout();
const fx = (s: string) => join(L.fixtures, s);
const NOW = '2026-11-20T12:00:00Z';
const CASES = [
  { workbook: 'CDRPrincipalTriage', tables: [fx('hunt-principal-activity'), fx('hunt-alerts-shared-entities')], params: { Principal: 'alice@contoso.com' } },
  { workbook: 'CDRCoverageAndHealth', tables: [fx('workbook-coverage'), fx('auth-signin-baseline'), fx('hunt-alerts-unrelated')], params: { TimeRange: '14d' } },
  { workbook: 'CDRCost', tables: [fx('workbook-cost'), fx('storage-summary')], params: { PricePerGB: '4.3' } },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); });

describe('cdr preview workbook in headless Chromium', () => {
  const content = loadContent();
  for (const c of CASES) {
    it(`${c.workbook}: every item rendered, every query with data, no network`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'cdr-preview-')), `${c.workbook}.html`);
      const preview = await runPreview({ workbook: c.workbook, tables: c.tables, params: c.params, now: NOW, output: out });
      const wb = content.workbooks.find((w) => w.baseName === c.workbook)!;
      const expected: string[] = [];
      walkItems(resolveWorkbook(content, wb.data as Workbook, wb.file).workbook.items, (it) => expected.push(it.name));

      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
      await page.goto(pathToFileURL(out).href);
      const sections = await page.$$eval('section.item', (els) => els.map((e) => {
        const el = e as HTMLElement;
        const marks = [...el.querySelectorAll('.chart svg path, .chart svg rect, .chart svg circle, .chart svg line')].filter((m) => { const b = (m as SVGGraphicsElement).getBBox(); return b.width > 0 || b.height > 0; }).length;
        const box = el.getBoundingClientRect();
        return { name: el.dataset.item, kind: el.dataset.kind, status: el.dataset.status, vis: el.dataset.visualization, visible: box.width > 0 && box.height > 0,
          tableRows: el.querySelectorAll('table tbody tr').length, tiles: el.querySelectorAll('.tile').length, svg: el.querySelectorAll('.chart svg').length, marks };
      }));
      await page.close();

      expect(sections.map((s) => s.name)).toEqual(expected);
      expect(sections.filter((s) => !s.visible).map((s) => s.name)).toEqual([]);
      const queries = sections.filter((s) => s.kind === 'query');
      expect(queries.length).toBe(preview.items.filter((i) => i.kind === 'query').length);
      const withoutData = queries.filter((q) => {
        if (q.status !== 'ok') return true;
        if (q.vis === 'table') return q.tableRows === 0;
        if (q.vis === 'tiles') return q.tiles === 0;
        return q.svg !== 1 || q.marks === 0;
      });
      expect(withoutData, JSON.stringify(withoutData)).toEqual([]);
      expect(queries.some((q) => q.svg === 1)).toBe(true);
      expect(requests).toEqual([]);
    });
  }
});
