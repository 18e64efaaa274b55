#!/usr/bin/env node
import { runTypeScript } from './run-typescript.js';

await runTypeScript(new URL('../cli/main.ts', import.meta.url).href);
