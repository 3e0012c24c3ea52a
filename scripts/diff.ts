#!/usr/bin/env node
// `npm run diff -- --base <git-ref> [options]`: what a change to the notice or the policy would newly allow
// or forbid, alone. A thin shell around scripts/validator (see `--help`); sets process.exitCode.
import { runValidate } from './validator/cli.ts';

process.exitCode = await runValidate(process.argv.slice(2), 'diff');
