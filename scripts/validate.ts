#!/usr/bin/env node
// `npm run validate [scenario files or folders...] [options]`: the validator, run in the notice's repository.
// A thin shell around scripts/validator (see `--help`); sets process.exitCode (1 findings, 2 could not run).
import { runValidate } from './validator/cli.ts';

process.exitCode = await runValidate(process.argv.slice(2), 'validate');
