import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getXmlElement, getXmlElements, type ManifestInfo, OfficeAddinManifest } from 'office-addin-manifest';
import { describe, expect, it } from 'vitest';
import { main, parseManifestArgs } from '../../addin/make-manifest.js';
import { ADDIN_ID, DEV_URL, renderManifest } from '../../addin/manifest-template.js';

const MANIFEST = fileURLToPath(new URL('../../addin/manifest.xml', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Xml = Record<string, unknown>;
/** xml2js, the parser office-addin-manifest reads manifests with, from its own dependencies. */
const xml2js = createRequire(createRequire(import.meta.url).resolve('office-addin-manifest'))('xml2js') as {
  parseStringPromise(xml: string): Promise<{ OfficeApp: Xml }>;
};

const attr = (node: unknown, name: string): string | undefined =>
  (node as { $?: Record<string, string> } | undefined)?.$?.[name];

async function parse(file: string) {
  const info: ManifestInfo = await OfficeAddinManifest.readManifestFile(file);
  const app = (await xml2js.parseStringPromise(readFileSync(file, 'utf8'))).OfficeApp;
  return { info, app, text: readFileSync(file, 'utf8') };
}

/** The parts ManifestInfo does not cover: requirement sets and the ribbon button. */
function ribbon(app: Xml) {
  const sets = getXmlElements(getXmlElement(app, 'Requirements'), 'Sets');
  const set = getXmlElements(sets[0], 'Set')[0];
  const overrides = getXmlElement(app, 'VersionOverrides');
  const host = getXmlElements(getXmlElement(overrides, 'Hosts'), 'Host')[0];
  const desktop = getXmlElement(host, 'DesktopFormFactor');
  const extension = getXmlElement(desktop, 'ExtensionPoint');
  const tab = getXmlElement(extension, 'OfficeTab');
  const control = getXmlElements(getXmlElement(tab, 'Group'), 'Control')[0];
  const action = getXmlElement(control, 'Action');
  const resources = getXmlElement(overrides, 'Resources');
  const urls = getXmlElements(getXmlElement(resources, 'bt:Urls'), 'bt:Url').map((u: unknown) => ({
    id: attr(u, 'id'),
    url: attr(u, 'DefaultValue'),
  }));
  const images = getXmlElements(getXmlElement(resources, 'bt:Images'), 'bt:Image').map((i: unknown) =>
    attr(i, 'DefaultValue'),
  );
  return {
    set: { name: attr(set, 'Name'), minVersion: attr(set, 'MinVersion') },
    hostType: attr(host, 'xsi:type'),
    extensionType: attr(extension, 'xsi:type'),
    tabId: attr(tab, 'id'),
    controlType: attr(control, 'xsi:type'),
    actionType: attr(action, 'xsi:type'),
    taskpaneResid: attr(getXmlElement(action, 'SourceLocation'), 'resid'),
    urls,
    images,
  };
}

describe('addin/manifest.xml (the development manifest)', () => {
  it('when read with office-addin-manifest, then it is an Excel task pane add-in with the right identity', async () => {
    const { info } = await parse(MANIFEST);

    expect(info.id).toMatch(GUID);
    expect(info.id).toBe(ADDIN_ID);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.providerName).toBe('Peer challenge plans');
    expect(info.defaultLocale).toBe('en-GB');
    expect(info.displayName).toBe('Peer challenge plans');
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(info.defaultSettings?.sourceLocation).toBe('https://localhost:3000/addin/taskpane.html');
    expect(info.iconUrl).toBe('https://localhost:3000/addin/assets/icon-32.png');
    expect(info.highResolutionIconUrl).toBe('https://localhost:3000/addin/assets/icon-64.png');
    expect(info.supportUrl).toBe('https://localhost:3000/addin/support.html');
  });

  it('when its URLs are listed, then every one is https', async () => {
    const { text } = await parse(MANIFEST);
    const urls = [...text.matchAll(/"(\w+:\/\/[^"]+)"|>(\w+:\/\/[^<]+)</g)].map((m) => m[1] ?? m[2]);
    const namespaces = urls.filter(
      (u) => u?.startsWith('http://schemas.') || u?.startsWith('http://www.w3.org/'),
    );
    const addresses = urls.filter((u) => !namespaces.includes(u));
    expect(addresses.length).toBeGreaterThan(8);
    for (const url of addresses) expect(url).toMatch(/^https:\/\//);
  });

  it('when its requirements and ribbon are read, then it needs ExcelApi 1.10 and opens the task pane from the Home tab', async () => {
    const { app } = await parse(MANIFEST);
    const r = ribbon(app);

    expect(r.set).toEqual({ name: 'ExcelApi', minVersion: '1.10' });
    expect(r.hostType).toBe('Workbook');
    expect(r.extensionType).toBe('PrimaryCommandSurface');
    expect(r.tabId).toBe('TabHome');
    expect(r.controlType).toBe('Button');
    expect(r.actionType).toBe('ShowTaskpane');
    expect(r.urls.find((u) => u.id === r.taskpaneResid)?.url).toBe(
      'https://localhost:3000/addin/taskpane.html',
    );
    expect(r.images).toEqual([16, 32, 80].map((s) => `https://localhost:3000/addin/assets/icon-${s}.png`));
  });

  it('when the generator is run for the development URL, then it writes this very file', () => {
    expect(renderManifest({ url: DEV_URL })).toBe(readFileSync(MANIFEST, 'utf8'));
  });

  it('when the manifest points at icons, then each is a PNG of its size in addin/assets', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const png = readFileSync(
        fileURLToPath(new URL(`../../addin/assets/icon-${size}.png`, import.meta.url)),
      );
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});

describe('npm run manifest (addin/make-manifest.ts)', () => {
  it('when given a deployed URL, then every URL in the manifest is derived from it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');

    const code = main([
      '--url',
      'https://plans.chorley.gov.uk/addin',
      '--api',
      'https://api.plans.chorley.gov.uk',
      '--out',
      out,
    ]);

    expect(code).toBe(0);
    const { info, app, text } = await parse(out);
    expect(info.id).toBe(ADDIN_ID);
    expect(info.defaultSettings?.sourceLocation).toBe('https://plans.chorley.gov.uk/addin/taskpane.html');
    expect(info.iconUrl).toBe('https://plans.chorley.gov.uk/addin/assets/icon-32.png');
    // ManifestInfo.appDomains keeps only the first AppDomain of the list, so they are read here.
    const domains = getXmlElements(getXmlElement(app, 'AppDomains'), 'AppDomain');
    expect(domains).toEqual(['https://login.microsoftonline.com', 'https://api.plans.chorley.gov.uk']);
    expect(ribbon(app).urls.map((u) => u.url)).toEqual([
      'https://plans.chorley.gov.uk/addin/taskpane.html',
      'https://plans.chorley.gov.uk/addin/commands.html',
      'https://plans.chorley.gov.uk/addin/support.html',
    ]);
    expect(text).not.toContain('localhost');
  });

  it('when --new-id is given, then the id is a fresh GUID; otherwise it stays the product id', () => {
    const fresh = parseManifestArgs(['--url', 'https://x.example/addin/', '--new-id']);
    const same = parseManifestArgs(['--url', 'https://x.example/addin/']);
    expect(fresh.options.id).toMatch(GUID);
    expect(fresh.options.id).not.toBe(ADDIN_ID);
    expect(same.options.id).toBeUndefined();
    expect(renderManifest(same.options)).toContain(`<Id>${ADDIN_ID}</Id>`);
  });

  it.each([
    ['http://plans.example.gov.uk/addin/', 'Office only loads add-ins over HTTPS'],
    ['plans.example.gov.uk', 'it is not a URL'],
    ['https://plans.example.gov.uk/addin/?v=2', 'leave out ? and # parts'],
  ])('when --url is %s, then it refuses and says why', (url, why) => {
    expect(() => renderManifest(parseManifestArgs(['--url', url]).options)).toThrow(why);
  });
});
