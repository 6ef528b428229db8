#!/usr/bin/env node
// `aisle` bin entry: runs the TypeScript admin CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../sync-server/cli/main.ts');
