// The explorer in a real browser: Debian's Chromium driven by playwright-core, against a running
// service on the seed data. Run by tests/browser/test_explorer.py (which starts the service), or by
// hand: CLAUSEGRAPH_URL=http://127.0.0.1:8000 CLAUSEGRAPH_KEY=cg_... node --test tests/browser/
//
// Figures are the hand-computed ones of seed/data/README.md and the incidents files' comments.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const BASE = process.env.CLAUSEGRAPH_URL ?? "http://127.0.0.1:8000";
const KEY = process.env.CLAUSEGRAPH_KEY ?? "";
const SHOTS = process.env.CLAUSEGRAPH_SCREENSHOTS ?? ""; // a folder: save a screenshot of each view
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = Number(process.env.CLAUSEGRAPH_BROWSER_TIMEOUT ?? 60_000);

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A fresh browser session signed in through the form with `key`. */
async function signedIn(key = KEY, shotName = "") {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const failures = [];
  page.on("pageerror", (err) => failures.push(String(err)));
  page.on("requestfailed", (req) => {
    // No request may leave the machine: everything is bundled.
    if (!req.url().startsWith(BASE) && !req.url().startsWith("blob:") && !req.url().startsWith("data:"))
      failures.push(`external request ${req.url()}`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(BASE) && !url.startsWith("blob:") && !url.startsWith("data:") && !url.startsWith("ws:"))
      failures.push(`external request ${url}`);
  });
  await page.goto(`${BASE}/`);
  const form = page.locator("#api-key");
  if (await form.count()) {
    if (shotName) await shot(page, shotName);
    await form.fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  return { context, page, failures };
}

async function shot(page, name) {
  if (!SHOTS) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function rows(page, testid) {
  return page.locator(`[data-testid="${testid}"] tbody tr`).allInnerTexts();
}

/** Move the asOf slider to an instant (ms) as a user dragging it would: React sees an input event. */
async function slideTo(page, instantMs) {
  await page.locator('[data-testid="asof"]').evaluate((el, value) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(el, String(value));
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, instantMs);
}

describe("the explorer on the seed data", () => {
  test("the sign-in form, then the seeded contracts and disputes", async () => {
    const { context, page, failures } = await signedIn(KEY, "sign-in");
    await page.locator('[data-testid="contracts"]').waitFor();
    const contracts = await rows(page, "contracts");
    assert.equal(contracts.length, 3);
    const text = contracts.join("\n");
    for (const key of ["azurite-harbor-cloud", "common-ledger-saas", "stratus-orbital-iaas"]) assert.match(text, new RegExp(key));
    assert.match(text, /GBP 52000\.00/);
    assert.match(text, /USD 92500\.00/); // Stratus at version 2 (the amendment's fee)
    await page.locator('[data-testid="disputes"] tbody tr').first().waitFor();
    const disputes = (await rows(page, "disputes")).join("\n");
    assert.match(disputes, /DSP-2026-FENWICK-01/);
    assert.match(disputes, /GBP 16120\.00/);
    await shot(page, "contracts");
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("contract view: targets, hours grid, ladder, credits cap and February's credit report", async () => {
    const { context, page, failures } = await signedIn();
    await page.goto(`${BASE}/contracts/common-ledger-saas`);
    await page.locator('[data-testid="contract-title"]').waitFor();
    const severities = (await rows(page, "severities")).join("\n");
    assert.match(severities, /P1/);
    assert.match(severities, /P4/);
    // pacific-business: Monday 09:00-17:00 in America/Los_Angeles -> 16 open half-hours; Saturday none.
    const grid = page.locator('[data-testid="calendar-pacific-business"]');
    assert.equal(await grid.locator('.c.open[title^="mon "]').count(), 16);
    assert.equal(await grid.locator('.c.open[title^="sat "]').count(), 0);
    assert.equal(await page.locator('[data-testid^="level-"]').count(), 4);
    assert.match(await page.locator('[data-testid="ladder"]').innerText(), /REPEATED.*2 within 7 d: at L3 within 2 h/);
    const terms = await page.locator('[data-testid="credit-terms"]').innerText();
    assert.match(terms, /8(\.0+)? %/);
    assert.match(terms, /sole and exclusive remedy/);
    // 2026-02: 360 + 540 + 3 x 180 + uptime 1440 = 2880 before the 8 % cap of 1440.00 -> 1440.00.
    await page.locator('[data-testid="credit-total"]').waitFor();
    const report = await page.locator('[data-testid="credit-report"]').innerText();
    assert.match(report, /Total before cap\s+USD 2880\.00/);
    assert.match(await page.locator('[data-testid="credit-total"]').innerText(), /^USD 1440\.00$/);
    await shot(page, "contract");
    await page.goto(`${BASE}/contracts/stratus-orbital-iaas`);
    const v2 = await page.locator('[data-testid="version-2"]').innerText();
    assert.match(v2, /USD 85000\.00\s*→\s*USD 92500\.00/);
    assert.match(v2, /Trigger REPEATED/);
    await page.locator('[data-testid="version-2"]').scrollIntoViewIfNeeded();
    if (SHOTS) await page.locator('[data-testid="version-2"]').locator("..").screenshot({ path: `${SHOTS}/contract-versions.png` });
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("incident view: CLS-2026-002's breaches, credits and hash chain", async () => {
    const { context, page, failures } = await signedIn();
    await page.goto(`${BASE}/incidents/CLS-2026-002`);
    await page.locator('[data-testid="breaches"]').waitFor();
    const breaches = await rows(page, "breaches");
    assert.equal(breaches.length, 5);
    const byRef = Object.fromEntries(breaches.map((r) => [r.split(/\s/)[0], r]));
    assert.match(byRef["CLS-2026-002:RESPONSE"], /10 min/);
    assert.match(byRef["CLS-2026-002:RESPONSE"], /USD 360\.00/);
    assert.match(byRef["CLS-2026-002:RESOLUTION"], /1 h 30 min/);
    assert.match(byRef["CLS-2026-002:RESOLUTION"], /USD 540\.00/);
    assert.match(byRef["CLS-2026-002:RESOLUTION"], /L4/);
    const escalations = breaches.filter((r) => r.startsWith("CLS-2026-002:ESCALATION"));
    assert.equal(escalations.length, 3);
    for (const r of escalations) assert.match(r, /USD 180\.00/);
    const overBy = await page.locator('[data-testid="over-by"]').evaluateAll((els) => els.map((e) => Number(e.dataset.seconds)).sort((a, b) => a - b));
    assert.deepEqual(overBy, [600, 1800, 2400, 2700, 5400]);
    assert.match(await page.locator('[data-testid="chain"]').innerText(), /verified/);
    const statuses = (await rows(page, "escalations")).join("\n");
    assert.match(statuses, /LATE/);
    assert.match(statuses, /MET/);
    await shot(page, "incident");
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("the asOf slider replays the clocks", async () => {
    const { context, page, failures } = await signedIn();
    await page.goto(`${BASE}/incidents/CLS-2026-002`);
    await page.locator('[data-testid="breaches"]').waitFor();
    const response = page.locator('[data-testid="clock-response"]');
    assert.match(await response.innerText(), /BREACHED/);
    // 16:30Z: reported at 16:00, response due 17:00, not acknowledged yet -> RUNNING, no breach.
    await slideTo(page, Date.parse("2026-02-03T16:30:00Z"));
    await page.locator('[data-testid="asof-label"]', { hasText: "2026-02-03 16:30 UTC" }).waitFor();
    await page.locator('[data-testid="clock-response"] .badge', { hasText: "RUNNING" }).waitFor();
    await page.locator('[data-testid="no-breaches"]').waitFor();
    assert.match(await page.locator('[data-testid="level"]').innerText(), /L1/);
    await shot(page, "incident-asof");
    // 17:30Z: acknowledged at 17:10 after the 17:00 deadline -> BREACHED, and the RESPONSE breach.
    await slideTo(page, Date.parse("2026-02-03T17:30:00Z"));
    await page.locator('[data-testid="clock-response"] .badge', { hasText: "BREACHED" }).waitFor();
    await page.locator('[data-testid="breaches"]').waitFor();
    assert.match((await rows(page, "breaches")).join("\n"), /CLS-2026-002:RESPONSE/);
    assert.match(await page.locator('[data-testid="level"]').innerText(), /L2/); // escalated to L2 at 17:15
    // AHC-2026-004: resolved, then reopened: the gap is drawn as a stop on the clock track, and the
    // business-hours calendar's closed hours are shaded.
    await page.goto(`${BASE}/incidents/AHC-2026-004`);
    const track = page.locator('[data-testid="clock-track"]');
    await track.waitFor();
    assert.equal(await track.locator('[data-stopped="resolved, then reopened"]').count(), 1);
    assert.match(await track.innerText(), /calendar uk-business closed \(Europe\/London\)/);
    await shot(page, "incident-reopened");
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("contract -> incident -> liability chain -> dispute -> sealed bundle download", async () => {
    const { context, page, failures } = await signedIn();
    await page.locator('[data-testid="contracts"]').waitFor();
    await page.getByRole("link", { name: /Hosting|Azurite/ }).first().click();
    await page.locator('[data-testid="contract-title"]').waitFor();
    await page.locator('[data-testid="contract-incidents"]').getByRole("link", { name: "AHC-2026-002" }).click();
    await page.locator('[data-testid="incident-title"]', { hasText: "AHC-2026-002" }).waitFor();
    assert.equal((await rows(page, "breaches")).length, 4); // RESPONSE + 3 x ESCALATION
    await page.getByRole("link", { name: "liability chain →" }).click();
    const graph = page.locator('[data-testid="liability-graph"]');
    await graph.waitFor();
    for (const id of ["breach:AHC-2026-002:RESPONSE", "clause:2.2", "party:azurite-harbor", "dispute:DSP-2026-FENWICK-01"])
      assert.equal(await graph.locator(`[data-node="${id}"]`).count(), 1, id);
    assert.ok((await graph.locator('[data-node^="prec:"]').count()) >= 1, "ranked precedents drawn");
    await graph.locator('[data-node^="remedy:AHC-2026-002:RESPONSE"]').click();
    assert.match(await page.locator('[data-testid="node-details"]').innerText(), /sole and exclusive remedy/);
    await shot(page, "liability-chain");
    await graph.locator('[data-node="dispute:DSP-2026-FENWICK-01"]').click();
    await page.getByRole("link", { name: "Open dispute DSP-2026-FENWICK-01" }).click();
    await page.locator('[data-testid="dispute-title"]').waitFor();
    assert.match(await page.locator('[data-testid="claimed"]').innerText(), /GBP 16120\.00/);
    assert.equal((await rows(page, "evidence")).length, 10);
    assert.match(await page.locator('[data-testid="verify-1"]').innerText(), /verified/);
    await shot(page, "dispute");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="bundles"] button[data-url$="/1.json"]').click(),
    ]);
    const manifest = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.match(JSON.stringify(manifest), /DSP-2026-FENWICK-01/);
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="bundles"] button[data-url$="/1.pdf"]').click(),
    ]);
    assert.equal((await readFile(await pdf.path())).subarray(0, 5).toString(), "%PDF-");
    // the ninth item is the letter before claim (seed/data/disputes.yaml): its content, exactly as added
    const [letter] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="evidence"] [data-testid="evidence-download"]').nth(8).click(),
    ]);
    assert.match(await readFile(await letter.path(), "utf8"), /^Dear Sirs,\nWe refer to the Hosting Agreement/);
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("incident list: filters and pagination; search; precedents", async () => {
    const { context, page, failures } = await signedIn();
    await page.goto(`${BASE}/incidents`);
    await page.locator('[data-testid="incidents"]').waitFor();
    await page.getByRole("heading", { name: "24 incidents" }).waitFor();
    assert.equal((await rows(page, "incidents")).length, 10);
    assert.match(await page.locator('[data-testid="page"]').innerText(), /page 1 of 3/);
    await page.getByRole("button", { name: "Next →" }).click();
    await page.locator('[data-testid="page"]', { hasText: "page 2 of 3" }).waitFor();
    await page.getByLabel("Breached").selectOption("yes");
    await page.getByRole("heading", { name: "11 incidents" }).waitFor(); // README: 11 incidents with breaches
    await page.getByLabel("Contract").selectOption("common-ledger-saas");
    await page.getByRole("heading", { name: "3 incidents" }).waitFor(); // CLS-2026-002, -004, -006
    await shot(page, "incidents");
    await page.getByLabel("Search").fill("escalation");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=escalation/);
    await page.locator('[data-testid="hits"] .hit').first().waitFor();
    assert.match(await page.locator('[data-testid="hits"]').innerText(), /CLAUSE/);
    await shot(page, "search");
    await page.goto(`${BASE}/precedents`);
    await page.getByRole("heading", { name: "11 precedents" }).waitFor();
    assert.equal(await page.locator('[data-testid="liability-graph"] [data-node]').count(), 2); // GB Gas -> Hadley v Baxendale
    await shot(page, "precedents");
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("a route reloaded in the browser is served by the SPA fallback", async () => {
    const { context, page } = await signedIn();
    const response = await page.goto(`${BASE}/disputes/DSP-2026-LARKSPUR-01`);
    assert.equal(response.status(), 200);
    await page.locator('[data-testid="dispute-title"]', { hasText: "DSP-2026-LARKSPUR-01" }).waitFor();
    await context.close();
  });

  test("a customer's LEGAL key sees only its own contracts", async () => {
    const created = await fetch(`${BASE}/graphql`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        query: 'mutation { createApiKey(input: {label: "browser test", role: LEGAL, party: "larkspur-ccu"}) { secret userErrors { code message } } }',
      }),
    }).then((r) => r.json());
    assert.ok(created.data?.createApiKey?.secret, `createApiKey: ${JSON.stringify(created.errors ?? created.data)}`);
    const { context, page } = await signedIn(created.data.createApiKey.secret);
    await page.locator('[data-testid="contracts"]').waitFor();
    await page.locator('[data-testid="disputes"]').waitFor();
    const contracts = await rows(page, "contracts");
    assert.equal(contracts.length, 1);
    assert.match(contracts[0], /common-ledger-saas/);
    const disputes = (await rows(page, "disputes")).join("\n");
    assert.doesNotMatch(disputes, /FENWICK/);
    await page.goto(`${BASE}/contracts/azurite-harbor-cloud`);
    await page.getByText("No contract by that key").waitFor();
    await context.close();
  });
});

// Last, because it adds to the graph: an open incident on a contract of its own (a synthetic copy
// given by the pytest wrapper), 35 minutes into its one-hour response target, is announced live.
describe("live SLA warnings", () => {
  test("the slaWarnings subscription shows a warning as it arrives", async () => {
    const documentPath = process.env.CLAUSEGRAPH_LIVE_CONTRACT;
    assert.ok(documentPath, "CLAUSEGRAPH_LIVE_CONTRACT (a contract document to import) must be set by the pytest wrapper");
    const call = (query, variables) =>
      fetch(`${BASE}/graphql`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json());
    const imported = await call("mutation($d: String!) { importContract(document: $d) { contract { key } userErrors { message } } }", {
      d: await readFile(documentPath, "utf8"),
    });
    const contractKey = imported.data?.importContract?.contract?.key;
    assert.ok(contractKey, JSON.stringify(imported));
    const incidentKey = `LIVE-${Date.now()}`;
    const reported = await call("mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code message } } }", {
      i: {
        key: incidentKey,
        contractKey,
        service: "vm",
        title: "Live warning from the browser test",
        severity: "A",
        reportedAt: new Date(Date.now() - 35 * 60_000).toISOString(),
      },
    });
    assert.deepEqual(reported.data?.reportIncident?.userErrors, [], JSON.stringify(reported));
    const { context, page, failures } = await signedIn();
    await page.locator('[data-testid="live-state"]', { hasText: "live" }).waitFor();
    const warning = page.locator('[data-testid="warnings"] .w', { hasText: incidentKey });
    await warning.waitFor();
    assert.match(await warning.innerText(), /RESPONSE clock at 5\d % \(passed 50 %\)/);
    await shot(page, "live-warnings");
    assert.deepEqual(failures, []);
    await context.close();
  });
});
