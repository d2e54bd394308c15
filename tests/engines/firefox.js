// Drives Debian's firefox-esr with puppeteer-core (WebDriver BiDi; no driver to download) for
// tests/test_engines.py. Reads a JSON job on stdin:
//   {firefox, pages: [file:// URLs], draw: {url, selector, strokes: [[[x, y], ...], ...]},
//    later: {url, selector, part, state}}
// (strokes in cells of a 28-cell-wide pad; later: a part loaded when the reader scrolls to it,
// and the data-* attribute of the demo that says it is ready) and prints one JSON result:
//   {version, pages: [{url, states, errors}], drawn: {predicted, errors}, later: {state, errors}}.
'use strict';
const puppeteer = require('puppeteer-core');

const STATES = "[...document.querySelectorAll('[data-cnn-demo]')].map(e => e.dataset.demoState)";
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function read(stream) {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return JSON.parse(text);
}

/** Open url; wait until every demo is ready or one has failed; console errors and uncaught. */
async function open(browser, url, timeoutMs) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on('console', message => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', err => errors.push('uncaught: ' + (err && err.message || err)));
  await page.goto(url, { waitUntil: 'load' });
  const deadline = Date.now() + timeoutMs;
  let states = await page.evaluate(STATES);
  while (states.some(s => s !== 'ready' && s !== 'error') && Date.now() < deadline) {
    await sleep(250);
    states = await page.evaluate(STATES);
  }
  return { page, states, errors };
}

async function draw(page, selector, strokes) {
  const pad = await page.$(selector);
  await pad.scrollIntoView();  // a reader scrolls to the pad first
  const box = await pad.boundingBox();
  const cell = box.width / 28;
  for (const stroke of strokes) {
    const at = p => [box.x + p[0] * cell, box.y + p[1] * cell];
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
    await page.mouse.up();
  }
}

/** Scroll to a part the page loads when the reader comes to it; its state once settled. */
async function later(browser, job, timeoutMs) {
  const { page, errors } = await open(browser, job.url, timeoutMs);
  await (await page.$(job.selector + ' [data-role="' + job.part + '"]')).scrollIntoView();
  const deadline = Date.now() + timeoutMs;
  let state = null;
  while (!['ready', 'error'].includes(state) && Date.now() < deadline) {
    await sleep(200);
    state = await page.$eval(job.selector, (e, name) => e.dataset[name] || null, job.state);
  }
  await page.close();
  return { state, errors };
}

(async () => {
  const job = await read(process.stdin);
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: job.firefox, headless: true,
    // No updates, telemetry or other calls out at start: the test network is closed.
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false }
  });
  const result = { version: await browser.version(), pages: [], drawn: null, later: null };
  try {
    for (const url of job.pages) {
      const { page, states, errors } = await open(browser, url, job.timeoutMs || 90000);
      result.pages.push({ url, states, errors });
      await page.close();
    }
    const { page, errors } = await open(browser, job.draw.url, job.timeoutMs || 90000);
    await draw(page, job.draw.selector + ' [data-role="pad"]', job.draw.strokes);
    const deadline = Date.now() + 30000;
    let predicted = null;
    while (predicted === null && Date.now() < deadline) {
      predicted = await page.$eval(job.draw.selector, e => e.dataset.predicted || null);
      if (predicted === null) await sleep(200);
    }
    result.drawn = { predicted, errors };
    result.later = await later(browser, job.later, job.timeoutMs || 90000);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
})().catch(err => { console.error(err && err.stack || err); process.exit(1); });
