/**
 * The add-in's XML manifest (add-in only, TaskPaneApp for Excel), written from the one URL the
 * add-in is served at: every other URL in it is derived from that, so a deployment cannot point
 * half its manifest at the wrong place.
 *
 * Requirement set: ExcelApi 1.10, the lowest that covers what the adapter uses: cell comments on
 * conflicted cells (1.10); events off during bulk writes and list validation (1.8); table lookup at
 * the headings, `getSpecialCells` for formula cells (1.9); frozen panes and `getRangeByIndexes`
 * (1.7); conditional formats and calculation suspended during writes (1.6); very hidden sheets,
 * hidden columns and used ranges of values only (1.2); ranges, tables and values (1.1).
 */

/** The add-in's id: the same for every deployment unless a new one is asked for. */
export const ADDIN_ID = '1fb0bdb7-f202-482e-9bb3-bc7d260c178b';
export const ADDIN_VERSION = '1.0.0.0';
export const EXCEL_API_VERSION = '1.10';
export const DEV_URL = 'https://localhost:3000/addin/';

export interface ManifestOptions {
  /** Where taskpane.html is served, e.g. https://plans.example.gov.uk/addin/ */
  url: string;
  /** The API, when it is on another origin: listed as an app domain. */
  api?: string;
  id?: string;
  version?: string;
}

export class ManifestUrlError extends Error {
  constructor(what: string, value: string, why: string) {
    super(`${what} must be an https:// address (${why}); got "${value}"`);
    this.name = 'ManifestUrlError';
  }
}

/** The add-in's base URL, ending in a slash, or an error saying why it will not do. */
export function addinBase(url: string, what = '--url'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ManifestUrlError(what, url, 'it is not a URL');
  }
  if (parsed.protocol !== 'https:')
    throw new ManifestUrlError(what, url, 'Office only loads add-ins over HTTPS');
  if (parsed.search || parsed.hash) throw new ManifestUrlError(what, url, 'leave out ? and # parts');
  if (!parsed.pathname.endsWith('/')) {
    // https://host/addin/taskpane.html and https://host/addin both mean the folder.
    parsed.pathname = parsed.pathname.endsWith('.html')
      ? parsed.pathname.replace(/[^/]*$/, '')
      : `${parsed.pathname}/`;
  }
  return parsed;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderManifest(options: ManifestOptions): string {
  const base = addinBase(options.url);
  const at = (path: string) => escapeXml(new URL(path, base).href);
  const domains = new Set<string>(['https://login.microsoftonline.com']);
  if (options.api) {
    const api = addinBase(options.api, '--api');
    if (api.origin !== base.origin) domains.add(api.origin);
  }
  const icon = (size: number) => at(`assets/icon-${size}.png`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by addin/make-manifest.ts for ${escapeXml(base.href)}: change the generator, not this file. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
  xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
  xsi:type="TaskPaneApp">
  <Id>${escapeXml(options.id ?? ADDIN_ID)}</Id>
  <Version>${escapeXml(options.version ?? ADDIN_VERSION)}</Version>
  <ProviderName>Peer challenge plans</ProviderName>
  <DefaultLocale>en-GB</DefaultLocale>
  <DisplayName DefaultValue="Peer challenge plans"/>
  <Description DefaultValue="Keep your LGA Corporate Peer Challenge action plan in Excel and in sync with your council's central copy."/>
  <IconUrl DefaultValue="${icon(32)}"/>
  <HighResolutionIconUrl DefaultValue="${icon(64)}"/>
  <SupportUrl DefaultValue="${at('support.html')}"/>
  <AppDomains>
${[...domains].map((d) => `    <AppDomain>${escapeXml(d)}</AppDomain>`).join('\n')}
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="${EXCEL_API_VERSION}">
      <Set Name="ExcelApi" MinVersion="${EXCEL_API_VERSION}"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${at('taskpane.html')}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="Support.Url"/>
          </GetStarted>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Plans.Group">
                <Label resid="Plans.Group.Label"/>
                <Icon>
                  <bt:Image size="16" resid="Icon.16x16"/>
                  <bt:Image size="32" resid="Icon.32x32"/>
                  <bt:Image size="80" resid="Icon.80x80"/>
                </Icon>
                <Control xsi:type="Button" id="Plans.OpenTaskpane">
                  <Label resid="Plans.Button.Label"/>
                  <Supertip>
                    <Title resid="Plans.Button.Label"/>
                    <Description resid="Plans.Button.Tooltip"/>
                  </Supertip>
                  <Icon>
                    <bt:Image size="16" resid="Icon.16x16"/>
                    <bt:Image size="32" resid="Icon.32x32"/>
                    <bt:Image size="80" resid="Icon.80x80"/>
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Plans.Taskpane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16x16" DefaultValue="${icon(16)}"/>
        <bt:Image id="Icon.32x32" DefaultValue="${icon(32)}"/>
        <bt:Image id="Icon.80x80" DefaultValue="${icon(80)}"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Taskpane.Url" DefaultValue="${at('taskpane.html')}"/>
        <bt:Url id="Commands.Url" DefaultValue="${at('commands.html')}"/>
        <bt:Url id="Support.Url" DefaultValue="${at('support.html')}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="GetStarted.Title" DefaultValue="Sync your action plan"/>
        <bt:String id="Plans.Group.Label" DefaultValue="Peer challenge"/>
        <bt:String id="Plans.Button.Label" DefaultValue="Action plan"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="GetStarted.Description" DefaultValue="Open Action plan on the Home tab to open or sync your council's peer challenge action plan."/>
        <bt:String id="Plans.Button.Tooltip" DefaultValue="Open, adopt and sync your peer challenge action plan with the council's central copy."/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
