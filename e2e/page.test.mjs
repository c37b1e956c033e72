// Browser test of lede's web page: starts `lede serve` on a free port, drives Debian's Chromium
// (headless) with playwright-core, pastes the sample article, submits, and checks that the
// highlights, the marked sentences, the score shading and the ROUGE box appear; then the same at
// phone width, submitted from the keyboard. Screenshots go to $SCREENSHOT_DIR.
//
//   LEDE_BIN=target/debug/lede node e2e/page.test.mjs
//
// Exits non-zero with a message on the first failed check.

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const bin = process.env.LEDE_BIN || path.join(root, "target", "debug", "lede");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.SCREENSHOT_DIR || path.join(root, "target", "e2e");
mkdirSync(shots, { recursive: true });
const article = readFileSync(path.join(root, "samples", "harbor-bridge.txt"), "utf8");

function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => reject(new Error(`lede serve did not start: ${err}`)), 20000);
    proc.stderr.on("data", (d) => {
      err += d.toString();
      const m = err.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.on("exit", (code) => reject(new Error(`lede serve exited with ${code}: ${err}`)));
  });
}

async function fillAndSubmit(page, { sentences, viaKeyboard }) {
  await page.fill("#article", article);
  await page.fill("#sentences", String(sentences));
  await page.selectOption("#method", "textrank");
  await page.fill("#reference", "The Harbor Street bridge will close for six months.\nA ferry will carry commuters.");
  if (viaKeyboard) {
    await page.focus("#reference");
    await page.keyboard.press("Control+Enter");
  } else {
    await page.click("#submit");
  }
  await page.waitForSelector("#highlights li", { timeout: 15000 });
  await page.waitForSelector("#rouge table tbody tr", { timeout: 15000 });
}

async function checkResults(page, sentences) {
  const items = await page.$$eval("#highlights li", (lis) => lis.map((li) => li.firstChild.textContent));
  check(items.length === sentences, `${sentences} highlights shown, got ${items.length}`);
  const marked = await page.$$eval("#view mark", (ms) => ms.map((m) => m.textContent));
  check(marked.length === sentences, `${sentences} sentences marked in the article, got ${marked.length}`);
  for (const h of items) check(marked.includes(h), `the highlight "${h.slice(0, 40)}…" is marked in the article`);
  for (const h of items) check(article.includes(h), `the highlight "${h.slice(0, 40)}…" is a sentence of the article`);
  const shaded = await page.$$eval("#view span.s", (ss) => ss.filter((s) => s.style.background).length);
  check(shaded > 5, `the other sentences are shaded by score (${shaded})`);
  const viewText = await page.$eval("#view", (v) => v.textContent);
  check(viewText === article, "the article view shows the whole article, unchanged");
  const rouge = await page.$$eval("#rouge tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
  check(rouge.length === 3, `three ROUGE rows, got ${rouge.join(", ")}`);
  const error = await page.$eval("#error", (e) => (e.hidden ? "" : e.textContent));
  check(error === "", `no error shown (${error})`);
}

const { proc, url } = await startServer();
const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // Desktop: paste, click, check, screenshot.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url + "/");
  check((await page.title()).includes("lede"), "the page title names lede");
  const field = await page.$eval("#sentences", (e) => ({ value: e.value, placeholder: e.placeholder }));
  check(field.value === "" && field.placeholder === "auto", `the Highlights field starts empty, "auto" (${JSON.stringify(field)})`);
  await fillAndSubmit(page, { sentences: 3, viaKeyboard: false });
  await checkResults(page, 3);
  check(requests.every((u) => u.startsWith(url)), `the page loads nothing from elsewhere: ${requests.filter((u) => !u.startsWith(url))}`);
  await page.screenshot({ path: path.join(shots, "page-desktop.png"), fullPage: true });

  // Keyboard: the form's controls are reached with Tab, in order.
  await page.focus("#article");
  const order = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  check(order.join(",") === "method,sentences,compress,reference,submit", `tab order ${order}`);

  // Compression: each highlight is the article's words in order, the cut words are struck
  // through on the article, and the article view still shows the whole article.
  await page.check("#compress");
  await page.selectOption("#method", "learned");
  await page.fill("#reference", "");
  await page.click("#submit");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("(learned"), null, { timeout: 15000 });
  const compressed = await page.$$eval("#highlights li", (lis) => lis.map((li) => li.firstChild.textContent));
  check(compressed.length === 3, `3 compressed highlights, got ${compressed.length}`);
  const words = (t) => t.toLowerCase().match(/[a-z0-9]+/g) || [];
  const articleWords = words(article);
  for (const h of compressed) {
    let at = 0;
    const inOrder = words(h).every((w) => { while (at < articleWords.length && articleWords[at] !== w) at++; return at++ < articleWords.length; });
    check(inOrder, `the compressed highlight "${h.slice(0, 40)}…" is the article's words in order`);
  }
  const struck = await page.$$eval("#view del", (ds) => ds.map((d) => d.textContent));
  const viewCompressed = await page.$eval("#view", (v) => v.textContent);
  check(viewCompressed === article, "with compression the article view still shows the whole article");
  console.log(`compression: ${struck.length} spans struck through: ${JSON.stringify(struck)}`);
  // The learned method's scores are probabilities: the unchosen sentences are shaded visibly,
  // by how likely each is, and each highlight says what its score means.
  const alphas = await page.$$eval("#view span.s", (ss) => ss.map((s) => parseFloat((s.style.background.match(/[\d.]+\)$/) || ["0"])[0])));
  check(Math.max(...alphas) >= 0.2 && Math.max(...alphas) - Math.min(...alphas) >= 0.1,
    `the learned method's shading is visible and varies (alphas ${Math.min(...alphas)}..${Math.max(...alphas)})`);
  const labels = await page.$$eval("#highlights .score", (ss) => ss.map((s) => s.textContent));
  check(labels.every((l) => /^\d+% likely a highlight$/.test(l)), `learned scores read as probabilities (${labels})`);
  await page.screenshot({ path: path.join(shots, "page-compressed.png"), fullPage: true });
  await page.uncheck("#compress");

  // An empty Highlights field leaves the count to the method: the learned method gives this
  // story, which opens with a dateline, 2 highlights.
  await page.fill("#sentences", "");
  await page.click("#submit");
  await page.waitForFunction(() => /^2 highlights .*\(learned/.test(document.getElementById("status").textContent), null, { timeout: 15000 });
  const auto = await page.$$eval("#highlights li", (lis) => lis.length);
  check(auto === 2, `2 highlights for the datelined story with the field empty, got ${auto}`);
  await page.fill("#sentences", "3");

  // Phone width: no horizontal scrolling; submitted with Ctrl+Enter.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phone.goto(url + "/");
  await fillAndSubmit(phone, { sentences: 2, viaKeyboard: true });
  await checkResults(phone, 2);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  await phone.screenshot({ path: path.join(shots, "page-phone.png"), fullPage: true });
  // On a phone the results are below the form: the page brings them into view.
  const top = await phone.$eval("#results", (r) => r.getBoundingClientRect().top);
  check(top >= -2 && top < 200, `the results are scrolled into view on a phone (top ${top}px)`);
  await phone.screenshot({ path: path.join(shots, "page-phone-results.png") });
  // The method menu's text is not cut, at phone and desktop width.
  for (const p of [phone, page]) {
    const fits = await p.$eval("#method", (sel) => {
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = getComputedStyle(sel).font;
      const widest = Math.max(...[...sel.options].map((o) => ctx.measureText(o.text).width));
      return { widest, room: sel.clientWidth - 36 };
    });
    check(fits.widest <= fits.room, `the method menu's text fits (${fits.widest.toFixed(0)}px of ${fits.room}px)`);
  }

  // An empty article is refused on the page, with a message.
  await phone.fill("#article", "");
  await phone.click("#submit");
  const msg = await phone.$eval("#error", (e) => (e.hidden ? "" : e.textContent));
  check(msg.includes("Paste an article"), `an empty article gets a message (${msg})`);
  const stale = await phone.$$eval("#highlights li, #view mark", (els) => els.length);
  check(stale === 0, `the previous results are cleared under an error (${stale} left)`);

  // A pasted web page: the article is extracted first and its title shown.
  const paras = article.split(/\n\s*\n/).map((p) => `<p>${p.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("\n");
  const html = `<!doctype html><html lang="en"><head><title>Harbor bridge - Port Ellery Gazette</title>
<meta property="og:title" content="Harbor Street bridge to close">
<meta name="author" content="Dana Whitfield"><meta property="article:published_time" content="2026-03-03T14:05:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbor Street bridge to close</h1>${paras}</article>
<footer>Subscribe to our newsletter</footer></body></html>`;
  await page.fill("#article", html);
  await page.fill("#reference", "");
  await page.click("#submit");
  await page.waitForFunction(() => !document.getElementById("title").hidden, null, { timeout: 15000 });
  const title = await page.$eval("#title", (t) => t.textContent);
  check(title.includes("Harbor Street bridge to close"), `the page's title is shown (${title})`);
  check(title.includes("by Dana Whitfield"), `the page's byline is shown (${title})`);
  check(title.includes("3 March 2026") && !title.includes("2026-03-03T"), `the page's date is shown as a date (${title})`);
  const htmlItems = await page.$$eval("#highlights li", (lis) => lis.length);
  check(htmlItems === 3, `highlights of the pasted page (${htmlItems})`);
  const viewHtml = await page.$eval("#view", (v) => v.textContent);
  check(!viewHtml.includes("Subscribe") && !viewHtml.includes("<p>"), "the article view shows the extracted text, not the markup");

  console.log(`page test passed; screenshots in ${shots}`);
} finally {
  await browser.close();
  proc.kill("SIGTERM");
}
