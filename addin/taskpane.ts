/**
 * The task pane's entry: register the Fluent components, take Office's theme (the browser's
 * outside Office), pick the workbook host, start the pane.
 * In Excel that is Office.js; opened outside Office (or with ?host=inpage) it is the in-page
 * workbook beside the pane. `Office.onReady` only wires; the work is in TaskPane.
 */
import { loadConfig } from './config.js';
import { createExcelHost } from './excel-host.js';
import { registerFluent } from './fluent.js';
import { followTheme } from './fluent-theme.js';
import { InPageWorkbook } from './inpage-host.js';
import { sessionTokenStore } from './sign-in.js';
import { TaskPane } from './taskpane-app.js';
import type { WorkbookHost } from './workbook-host.js';

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

async function start(host: WorkbookHost): Promise<void> {
  const pane = new TaskPane({
    document,
    host,
    config: await loadConfig(),
    pageUrl: window.location.href,
    tokens: sessionTokenStore(sessionStorageOrNull()),
  });
  await pane.start();
  document.body.dataset.ready = 'true';
}

function inPage(): WorkbookHost {
  document.body.classList.add('in-page');
  const panel = document.getElementById('workbook');
  if (panel) panel.hidden = false;
  return new InPageWorkbook(panel);
}

registerFluent();
followTheme(undefined);
const wantsInPage = new URLSearchParams(window.location.search).get('host') === 'inpage';
if (wantsInPage || typeof Office === 'undefined') {
  void start(inPage());
} else {
  Office.onReady((info) => {
    followTheme(Office.context?.officeTheme);
    void start(info.host === Office.HostType.Excel ? createExcelHost() : inPage());
  });
}
