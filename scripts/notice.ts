#!/usr/bin/env node
// The `notice` command. A thin shell: it parses arguments, calls the runtime, prints, and sets the exit
// code (0 decided, 1 the request is invalid, 2 could not run).
import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream, existsSync } from 'node:fs';
import { lstat, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createSharingPolicy, defaultUrls, InvalidRequestError, loadSharingPolicy, PolicyEvaluationError, PolicyLoadError, replayDifferences, type Decision, type DecisionLogEntry, type PolicyData, type SharingPolicy, type SharingRequest } from '../policy/runtime/node.ts';
import { oneLine, printable } from '../policy/runtime/printable.ts';
import { repeatedMember } from './tools/json-members.ts';

const sha256Hex = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

// Everything printed is printable: a request's member names, a logged decision id or outcome, a parse error
// quoting its input, the words of data loaded with --no-pin, are shown with a terminal's control characters
// escaped, never acted on (JSON keeps its value: the escapes are JSON's own). Each line is written as one
// line (`oneLine`): text from a request, a log or data cannot start a line of its own, so cannot forge an
// answer, a warning or a summary.
const say = (text: string) => console.log(printable(text));
const sayLine = (text: string) => console.log(oneLine(text));
const warn = (text: string) => console.error(oneLine(text));

const usage = `Usage: notice decide <request.json | -> [--wasm policy.wasm] [--data data.json] [--no-pin] [--format json|text] [--log decisions.jsonl]
       notice replay <decisions.jsonl | -> [--versions <folder>]

decide: decides a sharing request (or a JSON array of them) with the compiled privacy-notice policy and
prints the decision: its outcome, the notice's clauses behind it, its obligations, and which policy made
it. Reads the request from standard input when the file is "-". --log appends each decision's log entry
(OPA's decision-log shape, one JSON object a line). --wasm and --data must be this package's own build
(their SHA-256 are checked); --no-pin decides with any files, and every answer then carries a warning.

replay: decides every logged decision again (entries of --log, or an OPA server's decision log) with the
policy of the notice version that made it, and lists every difference. This package's own version is
always there; --versions names a folder of others (<folder>/<version>/policy.wasm and data.json), or the
published notice's /versions/ (https://…/versions; plain http only to this machine), where npm run build
publishes every released version with an index.json of each file's SHA-256: a file that is not the one the
index names is not used (a published archive must have its index; a folder's is used when it has one). An
entry that names the hashes of its policy is replayed only with files of those hashes.

Exit codes: 0 decided (replay: every entry decided the same, or was refused as malformed with its input
trimmed by an OPA server's log mask), 1 a request is invalid (replay: a difference, or an entry that could
not be replayed), 2 could not run.`;

interface Options {
  command?: string;
  file?: string;
  wasm?: string;
  data?: string;
  /** Decide with files that are not this package's build (each answer then carries a warning). */
  noPin?: boolean;
  format: 'json' | 'text';
  log?: string;
  versions?: string;
}

function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = { format: 'json' };
  if (argv[0] === 'validate' || argv[0] === 'diff') {
    return `\`${argv[0]}\` is not a command of the installed package: it checks a change to the notice in the notice's own repository (npm run ${argv[0]} there)`;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      // (An empty value, as an unset shell variable gives, names no file: it is not taken as none.)
      if (next === undefined || next === '') throw new Error(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === '--help' || arg === '-h') return usage;
      else if (arg === '--wasm') options.wasm = value();
      else if (arg === '--data') options.data = value();
      else if (arg === '--no-pin') options.noPin = true;
      else if (arg === '--log') options.log = value();
      else if (arg === '--versions') options.versions = value();
      else if (arg === '--format') {
        const format = value();
        if (format !== 'json' && format !== 'text') return `Unknown format \`${format}\`, expected json or text`;
        options.format = format;
      } else if (arg.startsWith('--')) return `Unknown option \`${arg}\``;
      else if (options.command === undefined) options.command = arg;
      else if (options.file === undefined) options.file = arg;
      else return `Unexpected argument \`${arg}\``;
    } catch (error) {
      return (error as Error).message;
    }
  }
  const versions = options.versions === undefined ? undefined : versionsProblem(options.versions);
  if (versions) return versions;
  if (options.noPin && options.command === 'replay') return '--no-pin is an option of decide: replay binds each entry to the hashes it names';
  if (options.command !== 'decide' && options.command !== 'replay') return options.command === undefined ? 'Missing command' : `Unknown command \`${options.command}\`, expected decide or replay`;
  if (options.file === undefined) return options.command === 'decide' ? 'Missing request file (or - for standard input)' : 'Missing decision log (or - for standard input)';
  return options;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function formatText(decision: Decision, warning: string | undefined): string {
  const lines = [`outcome: ${decision.outcome}`];
  for (const reason of decision.reasons) lines.push(`  because [${reason.clause}] ${reason.text}`);
  for (const obligation of decision.obligations) lines.push(`  must: ${obligation.text} [${obligation.id}]`);
  lines.push(`  policy: notice ${decision.policy.notice_version}, wasm sha256 ${decision.policy.wasm_sha256}, data sha256 ${decision.policy.data_sha256}`);
  if (warning) lines.push(`  warning: ${warning}`);
  // (Each line one line: a clause's words from data loaded with --no-pin cannot forge a line.)
  return lines.map(oneLine).join('\n');
}

/**
 * What every answer of an unpinned policy says (--no-pin): which files decided, that they are not this
 * package's build, and that the notice version the answer carries is only what their data says.
 */
function unpinnedWarning(decision: Decision): string | undefined {
  const { wasm_sha256: wasm, data_sha256: data } = decision.policy;
  if (wasm === build.wasmSha256 && data === build.dataSha256) return undefined;
  return `decided with --no-pin by files that are not this package's build of notice ${build.noticeVersion} (wasm sha256 ${wasm}, data sha256 ${data}); "notice ${decision.policy.notice_version}" is what their data says, not checked`;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    if (options === usage) {
      say(usage);
      return 0;
    }
    warn(`notice: ${options}`);
    console.error(`\n${usage}`);
    return 2;
  }
  if (options.command === 'replay') return replay(options);
  const source = options.file === '-' ? 'standard input' : options.file!;
  let parsed: unknown;
  try {
    const text = options.file === '-' ? await readStdin() : await readFile(options.file!, 'utf8');
    // (A byte-order mark, which some editors write, is not part of the JSON.)
    const json = text.replace(/^\uFEFF/, '');
    parsed = JSON.parse(json);
    // A member named twice: JSON.parse would decide the last silently, whatever the text seems to say.
    const repeated = repeatedMember(json);
    if (repeated) throw new Error(`the member \`${repeated.name}\` is named twice in one object (at character ${repeated.offset + 1}), expected each member once`);
  } catch (error) {
    warn(`notice: could not read a JSON request from ${source}: ${(error as Error).message}`);
    return 2;
  }
  let policy;
  try {
    policy = await loadPolicyFiles({ wasm: options.wasm, data: options.data, noPin: options.noPin === true });
  } catch (error) {
    const named = options.wasm !== undefined || options.data !== undefined;
    const hint = named && error instanceof PolicyLoadError && /not the pinned/.test(error.message) ? '; pass --no-pin to decide with another build (each answer then carries a warning)' : '';
    warn(`notice: ${error instanceof PolicyLoadError ? error.message : String(error)}${hint}`);
    return 2;
  }
  const requests = Array.isArray(parsed) ? parsed : [parsed];
  const decisions: Decision[] = [];
  const entries: DecisionLogEntry[] = [];
  let invalid = 0;
  requests.forEach((request, index) => {
    try {
      if (options.log) {
        const { decision, entry } = policy.decideLogged(request as SharingRequest);
        decisions.push(decision);
        entries.push(entry);
      } else decisions.push(policy.decide(request as SharingRequest));
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) throw error;
      invalid++;
      const where = Array.isArray(parsed) ? `${source} [${index}]` : source;
      for (const problem of error.problems) {
        warn(`${where}: ${problem.path || '(request)'} ${problem.message}${problem.expected ? `, expected ${problem.expected}` : ''}${problem.found ? `, found ${problem.found}` : ''}  ${problem.keyword}`);
      }
    }
  });
  // Nothing is shown when a request is invalid, so nothing is logged either: a log holds only decisions given.
  if (invalid > 0) return 1;
  if (options.log && entries.length > 0) {
    // A decision that cannot be logged is not shown: the log is the audit of what was decided.
    try {
      await appendLog(options.log, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    } catch (error) {
      warn(`notice: could not write the decision log ${options.log}: ${(error as Error).message}`);
      return 2;
    }
  }
  const warnings = decisions.map((decision) => (options.noPin ? unpinnedWarning(decision) : undefined));
  if (options.format === 'text') say(decisions.map((decision, i) => formatText(decision, warnings[i])).join('\n\n'));
  else {
    say(JSON.stringify(Array.isArray(parsed) ? decisions : decisions[0], null, 2));
    warnings.forEach((warning, i) => {
      if (warning) warn(`notice: warning: ${Array.isArray(parsed) ? `[${i}] ` : ''}${warning}`);
    });
  }
  return 0;
}

/**
 * Appends to the decision log itself, never through a symbolic link (which could point the audit trail at
 * another file, or another user's): a link, or anything but a regular file, is refused. A new log is
 * readable by its owner only.
 */
async function appendLog(path: string, text: string): Promise<void> {
  const { O_APPEND, O_CREAT, O_WRONLY, O_NOFOLLOW } = fsConstants;
  const refuse = (what: string) => Object.assign(new Error(`it is ${what}, not the log file itself: name the file`), { code: 'ENOTLOG' });
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (found?.isSymbolicLink()) throw refuse('a symbolic link');
  if (found && !found.isFile()) throw refuse('not a regular file');
  // (O_NOFOLLOW, where the system has it, also refuses a link made between the look and the open.)
  const file = await open(path, O_WRONLY | O_APPEND | O_CREAT | (O_NOFOLLOW ?? 0), 0o600).catch((error: NodeJS.ErrnoException) => Promise.reject(error.code === 'ELOOP' ? refuse('a symbolic link') : error));
  try {
    await file.appendFile(text);
  } finally {
    await file.close();
  }
}

/**
 * Run from a source checkout (node scripts/notice.ts), the policy is the checkout's build in dist/policy;
 * installed, the package's own files (the runtime's defaults, for which this gives undefined).
 */
function checkoutFile(name: 'policy.wasm' | 'data.json'): string | undefined {
  const url = new URL(`../dist/policy/${name}`, import.meta.url);
  return !existsSync(name === 'policy.wasm' ? defaultUrls().wasm : defaultUrls().data) && existsSync(url) ? fileURLToPath(url) : undefined;
}

/**
 * The policy of the files named on the command line, or of this package's (or this checkout's) own; either
 * way checked against the build's hashes, unless --no-pin says to load them as given.
 */
function loadPolicyFiles(named: { wasm?: string | undefined; data?: string | undefined; noPin?: boolean } = {}): Promise<SharingPolicy> {
  const wasm = named.wasm ?? checkoutFile('policy.wasm');
  const data = named.data ?? checkoutFile('data.json');
  return loadSharingPolicy({ ...(wasm ? { wasm } : {}), ...(data ? { data } : {}), ...(named.noPin ? { pin: false as const } : {}) });
}

/** A logged decision, ours or an OPA server's: what replay reads of it. */
interface Logged {
  decision_id?: unknown;
  path?: unknown;
  input?: unknown;
  input_sha256?: unknown;
  /** What an OPA server's log mask changed (`/input` when it took members out of the request). */
  masked?: unknown;
  result?: { outcome?: unknown; reasons?: unknown; obligations?: unknown; information?: unknown; policy?: Record<string, unknown> };
  bundles?: Record<string, { revision?: unknown }>;
}

const sha256Pattern = /^[0-9a-f]{64}$/;
/** A notice version as a folder name: no path of any kind. */
const versionPattern = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;

/** The lines of a log, one at a time (a log need not fit in memory), or the entries of a JSON array. */
async function* logLines(options: Options): AsyncGenerator<string> {
  const stream = options.file === '-' ? process.stdin.setEncoding('utf8') : createReadStream(options.file!, 'utf8');
  let first = true;
  let array: string | undefined;
  for await (const read of jsonLines(stream)) {
    const line = first ? read.replace(/^\uFEFF/, '') : read;
    if (first && line.trimStart().startsWith('[')) array = '';
    first = false;
    if (array !== undefined) array += `${line}\n`;
    else yield line;
  }
  if (array !== undefined) for (const entry of JSON.parse(array) as unknown[]) yield JSON.stringify(entry);
}

/** A version archive's index.json, as npm run build publishes it: each version's files and their SHA-256. */
type ArchiveIndex = Map<string, Record<string, string>>;

/**
 * The version archive --versions names: a folder, or the published notice's /versions/ over HTTPS (plain
 * HTTP only to this machine). A remote archive must have its index.json, which names the SHA-256 of every
 * file; a folder's is used when it has one (a folder put together by hand may not).
 */
function versionArchive(versions: string) {
  const remote = /^https?:\/\//i.test(versions);
  const base = versions.endsWith('/') ? versions : `${versions}/`;
  const at = (...parts: string[]) => (remote ? new URL(parts.join('/'), base).href : join(versions, ...parts));
  const read = async (...parts: string[]): Promise<Uint8Array> => {
    if (!remote) return readFile(at(...parts));
    const response = await fetch(at(...parts), { redirect: 'error' });
    if (!response.ok) throw new Error(`${at(...parts)}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const index = async (): Promise<ArchiveIndex | string | undefined> => {
    if (!remote && !existsSync(at('index.json'))) return undefined;
    let listed: unknown;
    try {
      listed = JSON.parse(new TextDecoder().decode(await read('index.json')));
    } catch (error) {
      return `the version archive's index could not be read (${at('index.json')}: ${(error as Error).message}), so its files cannot be checked`;
    }
    if (!Array.isArray(listed)) return `the version archive's index (${at('index.json')}) is not a list of versions`;
    const hashes = (files: unknown) => (files !== null && typeof files === 'object' && ['policy.wasm', 'data.json'].every((name) => sha256Pattern.test(String((files as Record<string, unknown>)[name]))) ? (files as Record<string, string>) : undefined);
    return new Map(listed.flatMap((entry: { version?: unknown; files?: unknown }) => (typeof entry?.version === 'string' && hashes(entry.files) ? [[entry.version, hashes(entry.files)!] as const] : [])));
  };
  return { remote, at, read, index };
}

/** Why --versions cannot be used as given (plain HTTP to another machine), or undefined. */
function versionsProblem(versions: string): string | undefined {
  if (!/^https?:\/\//i.test(versions)) return undefined;
  let url: URL;
  try {
    url = new URL(versions);
  } catch {
    return `--versions ${versions} is not a URL`;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'http:' && !loopback ? `--versions over plain HTTP is refused (${versions}): anyone on the way could change the policy a decision is replayed with; use https://` : undefined;
}

/**
 * The lines of a stream, split at line feeds only (a CR before one is dropped): JSON Lines, whose strings may
 * hold U+2028 and U+2029 as JSON.stringify writes them, which readline would take for line ends.
 */
async function* jsonLines(stream: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    rest += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let end = rest.indexOf('\n');
    while (end >= 0) {
      yield rest.slice(0, end).replace(/\r$/, '');
      rest = rest.slice(end + 1);
      end = rest.indexOf('\n');
    }
  }
  if (rest !== '') yield rest.replace(/\r$/, '');
}

/** Every logged decision, decided again with the policy of its version; each difference listed. */
async function replay(options: Options): Promise<number> {
  const source = options.file === '-' ? 'standard input' : options.file!;
  const policies = new Map<string, Promise<SharingPolicy | string>>();
  let archiveIndex: Promise<ArchiveIndex | string | undefined> | undefined;
  /** The policy of a version: this package's own, or the --versions folder's, pinned to the entry's hashes when it names them. */
  const policyFor = (version: string, pin: { wasmSha256: string; dataSha256: string } | false): Promise<SharingPolicy | string> => {
    const key = `${version} ${pin ? `${pin.wasmSha256} ${pin.dataSha256}` : ''}`;
    if (!policies.has(key)) {
      policies.set(key, (async () => {
        const own = version === build.noticeVersion && (!pin || (pin.wasmSha256 === build.wasmSha256 && pin.dataSha256 === build.dataSha256));
        if (own) return loadPolicyFiles();
        if (!options.versions) return `notice version ${version}${pin ? ' of the hashes it names' : ''} is not this package's build (${build.noticeVersion}): pass --versions <folder>`;
        const archive = versionArchive(options.versions);
        try {
          const index = await (archiveIndex ??= archive.index());
          if (typeof index === 'string') return index;
          const listed = index?.get(version);
          if (index && !listed) return `the version archive's index (${archive.at('index.json')}) does not list notice version ${version}`;
          if (!archive.remote && (!existsSync(archive.at(version, 'policy.wasm')) || !existsSync(archive.at(version, 'data.json')))) return `no policy.wasm and data.json for notice version ${version} in ${options.versions}`;
          const [wasm, dataBytes] = await Promise.all([archive.read(version, 'policy.wasm'), archive.read(version, 'data.json')]);
          // Each file is the one the archive's index names, byte for byte.
          for (const [name, bytes] of [['policy.wasm', wasm], ['data.json', dataBytes]] as const) {
            const sha = sha256Hex(bytes);
            if (listed && sha !== listed[name]) return `${archive.at(version, name)} is not the file the archive's index names (its SHA-256 is ${sha}, the index says ${String(listed[name])})`;
          }
          const data = JSON.parse(new TextDecoder().decode(dataBytes)) as PolicyData;
          if (data?.notice?.version !== version) return `${archive.at(version, 'data.json')} is the data of notice version ${String(data?.notice?.version)}, not ${version}`;
          // Another version's requests are that version's: its own policy checks them (it fails closed). The
          // files are pinned to the hashes the entry names, or else to the index's.
          const filesPin = pin || (listed ? { wasmSha256: listed['policy.wasm']!, dataSha256: listed['data.json']! } : false);
          return await createSharingPolicy({ wasm: new Uint8Array(wasm), data, pin: filesPin, checkRequest: () => [] });
        } catch (error) {
          return error instanceof PolicyLoadError ? error.message : String(error);
        }
      })());
    }
    return policies.get(key)!;
  };
  let count = 0;
  let same = 0;
  let differ = 0;
  let unreplayed = 0;
  let skipped = 0;
  // Refused as malformed then (an OPA server's answer with problems), and valid as logged: the server's log
  // mask keeps only a malformed request's well-formed members, so the request itself is not there to decide.
  let maskedMalformed = 0;
  const report = (where: string, text: string) => sayLine(`${where}: ${text}`);
  try {
    for await (const line of logLines(options)) {
      if (line.trim() === '') continue;
      let entry: Logged;
      try {
        entry = JSON.parse(line) as Logged;
      } catch {
        count++;
        unreplayed++;
        report(`${source} [${count - 1}]`, 'could not be replayed: not JSON');
        continue;
      }
      // An OPA server's own log lines (not decisions) are passed over.
      if (entry === null || typeof entry !== 'object' || (entry.path === undefined && entry.result === undefined)) {
        skipped++;
        continue;
      }
      const index = count++;
      const where = `${source} [${index}]${typeof entry.decision_id === 'string' ? ` ${entry.decision_id}` : ''}`;
      // One entry that cannot be read (a null among its reasons, a hash without its input) is reported, and
      // the replay goes on to the next.
      try {
        const result = entry.result;
        const policy = result?.policy ?? {};
        const version = policy.notice_version ?? Object.values(entry.bundles ?? {})[0]?.revision;
        if (entry.path !== 'sharing/decision' || !result || typeof result.outcome !== 'string' || !Array.isArray(result.reasons) || !Array.isArray(result.obligations) || (result.information !== undefined && !Array.isArray(result.information))) {
          unreplayed++;
          report(where, 'could not be replayed: not a sharing decision (path sharing/decision, and a result with outcome, reasons and obligations expected)');
          continue;
        }
        if (typeof version !== 'string' || !versionPattern.test(version)) {
          unreplayed++;
          report(where, `could not be replayed: its notice version ${JSON.stringify(version)} is not a version`);
          continue;
        }
        // Hashes the entry names bind: both, well-formed; one, or an empty one, is refused.
        const named = [policy.wasm_sha256, policy.data_sha256];
        if (named.some((hash) => hash !== undefined) && !named.every((hash) => typeof hash === 'string' && sha256Pattern.test(hash))) {
          unreplayed++;
          report(where, 'could not be replayed: it names its policy\'s hashes, but not both as SHA-256 hex (wasm_sha256, data_sha256)');
          continue;
        }
        if (entry.input_sha256 !== undefined && entry.input_sha256 !== sha256Hex(JSON.stringify(entry.input))) {
          differ++;
          report(where, 'differs: its input is not the request it logged (input_sha256 does not match)');
          continue;
        }
        // An OPA server's answer to a malformed request: do-not-share, with the problems it found.
        const problems = (result as { problems?: unknown }).problems;
        const refusedAsMalformed = Array.isArray(problems) && problems.length > 0;
        if (refusedAsMalformed && result.outcome !== 'do-not-share') {
          differ++;
          report(where, `differs: decided ${result.outcome} then for a request it found malformed`);
          continue;
        }
        // This runtime refuses a malformed request without a decision, so never logs problems: an entry of
        // its own (its input's hash, its policy's hashes) that has them is not what it logged.
        if (refusedAsMalformed && (entry.input_sha256 !== undefined || named.some((hash) => hash !== undefined))) {
          differ++;
          report(where, 'differs: it names this runtime\'s hashes, yet has problems, which this runtime never logs');
          continue;
        }
        const pin = named.every((hash) => typeof hash === 'string') ? { wasmSha256: named[0] as string, dataSha256: named[1] as string } : false as const;
        const loaded = await policyFor(version, pin);
        if (typeof loaded === 'string') {
          unreplayed++;
          report(where, `could not be replayed: ${loaded}`);
          continue;
        }
        let again: Decision;
        try {
          again = loaded.decide(entry.input as SharingRequest);
        } catch (error) {
          // (Any other error is the entry's that cannot be replayed, below.)
          if (!(error instanceof InvalidRequestError)) throw error;
          // Refused then as malformed, and refused now: the same answer.
          if (refusedAsMalformed) same++;
          else {
            differ++;
            report(where, `differs: decided ${result.outcome} then; now the request is invalid for notice ${version}: ${error.problems.map((p) => `${p.path || '(request)'} ${p.message}`).join('; ')}`);
          }
          continue;
        }
        if (refusedAsMalformed) {
          // Valid as logged: only an OPA server's log mask, which marks what it masked, takes members out.
          if (Array.isArray(entry.masked) && entry.masked.includes('/input')) maskedMalformed++;
          else {
            differ++;
            report(where, `differs: refused then as malformed, but the request it logged is valid and is decided ${again.outcome} now`);
          }
          continue;
        }
        const differences = replayDifferences(result as unknown as Decision, again);
        if (differences.length > 0) {
          differ++;
          report(where, `differs: ${differences.join('; ')}`);
        } else same++;
      } catch (error) {
        unreplayed++;
        report(where, `could not be replayed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch (error) {
    warn(`notice: could not read ${source}: ${(error as Error).message}`);
    return 2;
  }
  const notes = [
    ...(maskedMalformed ? [`${maskedMalformed} refused then as malformed, whose logged input keeps only the request's well-formed members (an OPA server's log mask), so was not decided again`] : []),
    ...(skipped ? [`${skipped} other log line(s) passed over`] : []),
  ];
  sayLine(`${count} decision(s) replayed: ${same} the same, ${differ} different, ${unreplayed} could not be replayed${notes.length ? ` (${notes.join('; ')})` : ''}`);
  return differ > 0 || unreplayed > 0 ? 1 : 0;
}

// A reader that stops early (`notice replay log | head`) is not an error of this tool.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // The policy's own errors (a module that cites what its data lacks, one that fails) say what went wrong;
  // anything else is a fault of this tool, whose stack helps whoever reports it.
  warn(`notice: ${error instanceof PolicyEvaluationError || error instanceof PolicyLoadError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return 2;
});
