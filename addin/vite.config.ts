/**
 * Builds the add-in into dist/addin/ (served by `plans serve` at /addin/, and by the HTTPS dev
 * server): the task pane, the sign-in dialog, the ribbon's function file and the help page, with
 * relative URLs so one build serves any base path; the manifest and icons are copied beside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

/** manifest.xml and assets/ go into the build as they are. */
function copyManifestAndIcons(): Plugin {
  return {
    name: 'peer-challenge-plans:manifest-and-icons',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.xml',
        source: readFileSync(join(root, 'manifest.xml')),
      });
      for (const file of readdirSync(join(root, 'assets'))) {
        this.emitFile({
          type: 'asset',
          fileName: `assets/${file}`,
          source: readFileSync(join(root, 'assets', file)),
        });
      }
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: join(root, 'public'),
  logLevel: 'warn',
  plugins: [copyManifestAndIcons()],
  build: {
    outDir: join(root, '../dist/addin'),
    emptyOutDir: true,
    target: 'es2022',
    // Fluent UI and MSAL are most of the weight; the pane is loaded once per session.
    chunkSizeWarningLimit: 1_000,
    rollupOptions: {
      // zod's comments puzzle Rollup ("annotation it cannot interpret"); harmless, so not shown.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
      input: {
        taskpane: join(root, 'taskpane.html'),
        dialog: join(root, 'dialog.html'),
        commands: join(root, 'commands.html'),
        support: join(root, 'support.html'),
      },
    },
  },
});
