// Browser test of `lede eval --report`: opens the report file in Debian's Chromium (headless,
// playwright-core), fails on any console error, page error or request that leaves the file,
// checks that every chart rendered with visible marks and that the worst-document lists open,
// and takes a full-page screenshot.
//
//   REPORT=report.html node e2e/report.test.mjs
//
// Exits non-zero with a message on the first failed check.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const report = process.env.REPORT;
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.SCREENSHOT_DIR || path.join(root, "target", "e2e");
mkdirSync(shots, { recursive: true });

function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

check(report, "REPORT names the report file");
const url = pathToFileURL(path.resolve(report)).href;
const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  check((await page.title()).startsWith("lede eval"), "the title names lede eval");
  check(errors.length === 0, `no errors in the console: ${errors.join("; ")}`);
  check(requests.every((u) => u === url), `the report loads nothing else: ${requests.filter((u) => u !== url)}`);

  const rows = await page.locator("#results tbody tr").count();
  check(rows >= 2, `the results table has a row per method (${rows})`);

  // Every chart is drawn: it has a size on screen and marks (lines or bars) with a size.
  const charts = await page.locator("svg.chart").evaluateAll((svgs) => svgs.map((svg) => {
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll("polyline.series, rect.bar")];
    const drawn = marks.filter((m) => {
      const b = m.getBoundingClientRect();
      return b.width > 0 && b.height > 0;
    });
    return { title: svg.querySelector("title")?.textContent, w: box.width, h: box.height, marks: marks.length, drawn: drawn.length };
  }));
  check(charts.length >= 5, `three score charts, a position chart and a length chart (${charts.length})`);
  for (const c of charts) {
    check(c.w > 200 && c.h > 100, `chart "${c.title}" has a size on screen (${c.w}x${c.h})`);
    check(c.marks > 0 && c.drawn > 0, `chart "${c.title}" draws marks (${c.drawn} of ${c.marks})`);
  }
  const titles = charts.map((c) => c.title).join(" | ");
  check(/Sentence positions/.test(titles), `a sentence position chart: ${titles}`);
  check(/Words per/.test(titles), `a length chart: ${titles}`);

  // The worst documents open and show the marked highlights.
  const details = page.locator("details");
  const n = await details.count();
  check(n > 0, "documents where a method loses to Lead-3 are listed");
  await details.first().locator("summary").click();
  check(await details.first().locator("mark").first().isVisible(), "an opened document shows the method's highlights marked");

  // Documents are named by their story's first words, not by an id alone.
  const summaries = await details.locator("summary").allTextContents();
  check(summaries.every((t) => t.startsWith("\u201c")), `documents are named by their first words (${summaries[0]})`);

  // Desktop: the charts of a row fill the width (no half-empty rows).
  const rowsFill = await page.locator(".charts").evaluateAll((boxes) => boxes.map((box) => {
    const w = box.getBoundingClientRect().width;
    const charts = [...box.querySelectorAll("svg.chart")];
    const top = charts[0].getBoundingClientRect().top;
    const first = charts.filter((c) => Math.abs(c.getBoundingClientRect().top - top) < 2);
    const used = first.reduce((a, c) => a + c.getBoundingClientRect().width, 0);
    return { n: charts.length, share: used / w };
  }));
  for (const r of rowsFill) {
    if (r.n > 1) check(r.share > 0.9, `a row of ${r.n} charts fills the width (${(100 * r.share).toFixed(0)}%)`);
  }

  await page.screenshot({ path: path.join(shots, "report.png"), fullPage: true });

  // Phone width: nothing runs off the screen, and chart text stays readable (>= 10 px).
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phone.goto(url);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scrolling of the report at 390 px (overflow ${overflow}px)`);
  const tableFits = await phone.$eval("#results", (t) => t.getBoundingClientRect().right <= window.innerWidth + 1
    || getComputedStyle(t.parentElement).overflowX === "auto");
  check(tableFits, "the results table fits the screen or scrolls inside its own box");
  const smallest = await phone.locator("svg.chart text").evaluateAll((ts) =>
    Math.min(...ts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width)));
  check(smallest >= 10, `chart text is at least 10 px on a phone (${smallest.toFixed(1)} px)`);
  await phone.screenshot({ path: path.join(shots, "report-phone.png"), fullPage: true });
  check(errors.length === 0, `no errors after interaction: ${errors.join("; ")}`);
  console.log(`report test passed: ${rows} methods, ${charts.length} charts, ${n} documents listed; screenshot in ${shots}`);
} finally {
  await browser.close();
}
