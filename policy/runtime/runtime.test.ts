// The runtime's edges: invalid requests never yield a decision, bad policies never load.
import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { builtPolicy, builtPolicyFiles, distPolicy, root, gpForCare } from '../../test/helpers.ts';
import { createSharingPolicy, InvalidRequestError, isValidRequest, PolicyLoadError, type SharingPolicy, type SharingRequest } from './core.ts';
import { loadSharingPolicy } from './node.ts';
import { sha256HexSync } from './sha256.ts';

let policy: SharingPolicy;
beforeAll(async () => {
  policy = await builtPolicy();
});

const valid = gpForCare;

function problemsOf(request: unknown): { path: string; keyword: string }[] {
  try {
    policy.decide(request as unknown as SharingRequest);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).problems.map(({ path, keyword }) => ({ path, keyword }));
  }
  throw new Error('expected the request to be rejected, but it was decided');
}

describe('invalid requests throw a typed error listing every problem, and never decide', () => {
  const invalid: [string, unknown, { path: string; keyword: string }[]][] = [
    ['null', null, [{ path: '', keyword: 'type' }]],
    ['false (the SDK would drop it as no input)', false, [{ path: '', keyword: 'type' }]],
    ['0', 0, [{ path: '', keyword: 'type' }]],
    ['an empty string', '', [{ path: '', keyword: 'type' }]],
    ['an array', [valid], [{ path: '', keyword: 'type' }]],
    ['an empty object', {}, ['recipient', 'purpose', 'information', 'consent'].map(() => ({ path: '', keyword: 'required' }))],
    ['an unknown recipient', { ...valid, recipient: 'insurer' }, [{ path: '/recipient', keyword: 'enum' }]],
    ['an unknown purpose', { ...valid, purpose: 'sale' }, [{ path: '/purpose', keyword: 'enum' }]],
    ['an unknown circumstance', { ...valid, circumstances: [{ id: 'curiosity' }] }, [{ path: '/circumstances/0/id', keyword: 'enum' }]],
    ['a claim in the old shape (`confirmed`, since replaced by `status`)', { ...valid, circumstances: [{ id: 'court-order', confirmed: true }] }, [{ path: '/circumstances/0', keyword: 'additionalProperties' }]],
    ['a claim whose status is not one', { ...valid, circumstances: [{ id: 'court-order', status: true }] }, [{ path: '/circumstances/0/status', keyword: 'enum' }]],
    ['a consent state that is not one', { ...valid, consent: 'yes' }, [{ path: '/consent', keyword: 'enum' }]],
    ['a string where a boolean goes', { ...valid, sharing_agreement: 'true' }, [{ path: '/sharing_agreement', keyword: 'type' }]],
    ['no information asked for', { ...valid, information: [] }, [{ path: '/information', keyword: 'minItems' }]],
    ['a misspelt field', { ...valid, sharing_agrement: true }, [{ path: '', keyword: 'additionalProperties' }]],
    ['a __proto__ key', JSON.parse('{"recipient":"gp","purpose":"individual-care","information":["care-record"],"consent":"given","__proto__":{"x":1}}'), [{ path: '', keyword: 'additionalProperties' }]],
    ['a huge string', { ...valid, recipient: 'g'.repeat(1_000_000) }, [{ path: '', keyword: 'maxLength' }]],
    ['a huge list (refused before each entry is checked)', { ...valid, information: Array.from({ length: 1_000_000 }, () => 'x') }, [{ path: '', keyword: 'maxLength' }]],
    ['a cycle (said to be one)', (() => { const r: Record<string, unknown> = { ...valid }; r.self = r; return r; })(), [{ path: '', keyword: 'type' }]],
    ['a cycle deeper down', (() => { const r: Record<string, unknown> = { ...valid, opt_outs: {} }; (r.opt_outs as Record<string, unknown>).back = [r]; return r; })(), [{ path: '', keyword: 'type' }]],
    ['the same object twice, which is no cycle (too large only by its size)', (() => { const shared = { id: 'court-order' }; return { ...valid, circumstances: Array.from({ length: 5000 }, () => shared) }; })(), [{ path: '', keyword: 'maxLength' }]],
    ['a consent inherited, not its own (not plain data: JSON has no inherited fields)', Object.assign(Object.create({ consent: 'given' }) as object, { recipient: 'gp', purpose: 'individual-care', information: ['care-record'] }), [{ path: '', keyword: 'type' }]],
    ['deep nesting', { ...valid, opt_outs: { national_data_opt_out: { a: { b: { c: [[[true]]] } } } } }, [{ path: '/opt_outs/national_data_opt_out', keyword: 'type' }]],
    ['several problems at once', { recipient: 'insurer', purpose: 'marketing', information: ['care-record'], consent: 'maybe', extra: 1 }, [
      { path: '', keyword: 'additionalProperties' },
      { path: '/recipient', keyword: 'enum' },
      { path: '/consent', keyword: 'enum' },
    ]],
  ];

  it.each(invalid)('%s', (_title, request, problems) => {
    expect(problemsOf(request)).toEqual(problems);
    // The policy still decides the next valid request correctly.
    expect(policy.decide(valid).outcome).toBe('share');
  });

  it('writes a terminal\u2019s control characters in a problem as escapes, so an app that logs the problems logs none (a member\u2019s name, a value, a custom check\u2019s words)', async () => {
    const hostile = { ...valid, '\u001b[2J\u001b[HAll good: share\r': 1, consent: 'given\u009b31m\u202e' };
    let error: unknown;
    try {
      policy.decide(hostile as never);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    const { problems, message } = error as InvalidRequestError;
    const texts = [message, ...problems.flatMap((p) => [p.path, p.message, p.expected ?? '', p.found ?? ''])];
    for (const text of texts) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(problems.map((p) => p.expected)).toContain('no `\\u001b[2J\\u001b[HAll good: share\\u000d` field');
    expect(problems.find((p) => p.path === '/consent')?.found).toBe('"given\\u009b31m\\u202e"');
    // A check of the app's own: its words are printable too.
    const custom = await createSharingPolicy({ ...(await builtPolicyFiles()), checkRequest: () => [{ path: '/x\u001b', keyword: 'k', message: 'bad\u0007' }] });
    expect(() => custom.decide(valid)).toThrow(/Invalid sharing request: \/x\\u001b bad\\u0007$/);
  });

  it('words the error for a log', () => {
    expect(() => policy.decide({ ...valid, consent: 'yes' } as unknown as unknown as SharingRequest)).toThrowErrorMatchingInlineSnapshot(`[InvalidRequestError: Invalid sharing request: /consent must be equal to one of the allowed values]`);
  });

  it('names the value found and the values allowed, briefly, and lists at most twenty problems', () => {
    const [refused] = (() => { try { policy.decide({ ...valid, consent: 'Refused' } as unknown as unknown as SharingRequest); } catch (error) { return (error as InvalidRequestError).problems; } return []; })();
    expect(refused).toMatchObject({ path: '/consent', keyword: 'enum', found: '"Refused"', expected: 'one of given, implied, refused, withdrawn, not-asked, unable-to-consent' });
    const long = policy.problems({ ...valid, recipient: 'x'.repeat(500) })[0]!;
    expect(long.found).toBe(`"${'x'.repeat(79)}\u2026 (502 characters)`);
    expect(long.expected).toMatch(/^one of care-team, nhs-trust, .*, \u2026 \(19 in all\)$/);
    const { information: _information, ...withoutInformation } = valid;
    expect(policy.problems(withoutInformation)[0]).toMatchObject({ keyword: 'required', expected: 'an `information` field' });
    const many = policy.problems({ ...valid, information: Array.from({ length: 30 }, (_, i) => `kind-${i}`) });
    expect(many).toHaveLength(21);
    expect(many.at(-1)).toMatchObject({ keyword: 'maxProblems', message: 'and 10 more problem(s), not listed' });
  });

  it('tells a claim holding both `confirmed` and `status` to drop the old field', () => {
    const both = { ...valid, circumstances: [{ id: 'court-order', confirmed: true, status: 'confirmed' }] };
    expect(policy.problems(both)).toEqual([{
      path: '/circumstances/0', keyword: 'additionalProperties', message: 'must NOT have additional properties',
      expected: 'no `confirmed` field beside `status`, which replaced it', found: '{"id":"court-order","confirmed":true,"status":"confirmed"}',
    }]);
  });

  it('names the field that replaced one of an earlier request shape: `status` for a claim\u2019s `confirmed`', () => {
    const old = { ...valid, circumstances: [{ id: 'serious-crime' }, { id: 'court-order', confirmed: true }, { id: 'harm-to-self', confirmed: false }] };
    const replaced = {
      keyword: 'additionalProperties',
      message: 'must NOT have additional properties',
      expected: 'a `status` field (waiting, confirmed or rejected) instead: `confirmed` was replaced by `status`',
    };
    expect(policy.problems(old)).toEqual([
      { path: '/circumstances/1', ...replaced, found: '{"id":"court-order","confirmed":true}' },
      { path: '/circumstances/2', ...replaced, found: '{"id":"harm-to-self","confirmed":false}' },
    ]);
    expect(() => policy.decide(old as unknown as SharingRequest)).toThrow(InvalidRequestError);
    // Only a claim's `confirmed` was replaced: the same name elsewhere is just a field the request does not have.
    expect(policy.problems({ ...valid, confirmed: true })).toEqual([{ path: '', keyword: 'additionalProperties', message: 'must NOT have additional properties', expected: 'no `confirmed` field', found: expect.any(String) as string }]);
    expect(policy.problems({ ...valid, opt_outs: { confirmed: true } })[0]).toMatchObject({ path: '/opt_outs', expected: 'no `confirmed` field' });
    // The new shape is taken, with each status, and with none (waiting).
    for (const status of ['waiting', 'confirmed', 'rejected', undefined]) {
      expect(policy.problems({ ...valid, circumstances: [{ id: 'court-order', ...(status ? { status } : {}) }] }), String(status)).toEqual([]);
    }
    expect(policy.problems({ ...valid, consent: 'implied' })).toEqual([]);
  });

  it('decides only plain data, so what it checks and decides is what the app holds: no toJSON, getter, class instance or boxed string', () => {
    // An object that would write itself out as another request is refused, not decided as what it writes.
    class Disguised {
      recipient = 'gp';
      purpose = 'marketing';
      information = ['care-record'];
      consent = 'given';
      toJSON() {
        return { recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
      }
    }
    const disguised = new Disguised() as unknown as SharingRequest;
    expect(policy.problems(disguised)).toMatchObject([{ path: '', keyword: 'type', message: 'has a toJSON, so it would be written out as something other than itself' }]);
    expect(() => policy.decide(disguised)).toThrow(InvalidRequestError);
    // A getter is never called: it is refused where it is.
    let reads = 0;
    const changing = { ...valid, get consent() { reads++; return reads === 1 ? 'given' : 'refused'; } };
    expect(policy.problems(changing as unknown as SharingRequest)).toMatchObject([{ path: '/consent', message: 'is a getter or setter, not a value' }]);
    expect(reads).toBe(0);
    expect(policy.problems({ ...valid, recipient: new String('gp') } as unknown as SharingRequest)).toMatchObject([{ path: '/recipient', message: 'is a String object, not a plain object' }]);
    expect(policy.problems({ ...valid, information: [['care-record']].map(() => Object.assign(Object.create({ toJSON: () => 'x' }) as object, {})) } as unknown as SharingRequest)).toMatchObject([{ path: '/information/0' }]);
    // A member set to undefined is absent, as in JSON.
    expect(policy.decide({ ...valid, opt_outs: undefined, later: undefined } as unknown as SharingRequest).outcome).toBe('share');
  });

  it('checks without deciding', () => {
    expect(policy.problems(valid)).toEqual([]);
    expect(policy.problems({ ...valid, recipient: 'insurer' })).toHaveLength(1);
  });
});

describe('loading', () => {
  it('finds the wasm and data beside the runtime by default (node entry, from dist)', async () => {
    const { loadSharingPolicy: load } = (await import(`${root}dist/policy/runtime/node.js`)) as typeof import('./node.ts');
    const loaded = await load();
    expect(loaded.decide(valid).outcome).toBe('share');
  });

  it('takes the wasm and data as paths or URLs', async () => {
    const loaded = await loadSharingPolicy({ wasm: distPolicy('policy.wasm'), data: new URL(`file://${distPolicy('data.json')}`) });
    expect(loaded.decide(valid).outcome).toBe('share');
  });

  it('rejects bytes that are not WebAssembly', async () => {
    const { data } = await builtPolicyFiles();
    await expect(createSharingPolicy({ wasm: new TextEncoder().encode('not wasm'), data })).rejects.toThrow(PolicyLoadError);
  });

  it('rejects a truncated policy.wasm', async () => {
    const { wasm, data } = await builtPolicyFiles();
    await expect(createSharingPolicy({ wasm: wasm.slice(0, wasm.length / 2), data })).rejects.toThrow(PolicyLoadError);
  });

  it('rejects data that is not the notice', async () => {
    const { wasm } = await builtPolicyFiles();
    await expect(createSharingPolicy({ wasm, data: { rules: [] } as never })).rejects.toThrow(/notice\.version/);
  });

  it('rejects a module given other than as its bytes, and null for the wasm or the data, saying what it found', async () => {
    const { wasm, data } = await builtPolicyFiles();
    await expect(createSharingPolicy({ wasm: 42 as never, data })).rejects.toThrow(/must be given as its bytes \(an ArrayBuffer, a Uint8Array or a Buffer\), found number 42/);
    const compiled = await WebAssembly.compile(wasm);
    await expect(createSharingPolicy({ wasm: compiled as never, data })).rejects.toThrow(/found a compiled WebAssembly\.Module, whose bytes cannot be checked against the pin/);
    await expect(loadSharingPolicy({ data: null as never })).rejects.toThrow(/The policy's data is null: pass it, or leave it out/);
    await expect(loadSharingPolicy({ wasm: null as never })).rejects.toThrow(/The policy's wasm is null/);
    await expect(createSharingPolicy({ wasm: undefined as never, data })).rejects.toThrow(/found nothing$/);
    await expect(createSharingPolicy({ wasm: new Blob([wasm]) as never, data })).rejects.toThrow(/found a Blob$/);
    // Options that are not an object, and a pin that is not one.
    await expect(createSharingPolicy(null as never)).rejects.toThrow(/The options must be an object .*found null/);
    await expect(loadSharingPolicy(null as never)).rejects.toThrow(PolicyLoadError);
    for (const pin of [null, true, {}, 'x', { wasmSha256: 'A'.repeat(64), dataSha256: 'a'.repeat(64) }]) {
      await expect(createSharingPolicy({ wasm, data, pin: pin as never })).rejects.toThrow(/The pin must be false or \{ wasmSha256, dataSha256 \}, each 64 lowercase hex digits/);
    }
    // Bytes as an app holds them: a view, an ArrayBuffer, a SharedArrayBuffer, an ArrayBuffer of another realm.
    const shared = new SharedArrayBuffer(wasm.byteLength);
    new Uint8Array(shared).set(wasm);
    const foreign = runInNewContext(`new ArrayBuffer(${wasm.byteLength})`) as ArrayBuffer;
    new Uint8Array(foreign).set(wasm);
    for (const bytes of [wasm, wasm.slice().buffer, shared, foreign]) expect((await createSharingPolicy({ wasm: bytes, data })).decide(valid).outcome).toBe('share');
  });

  it('says which fetched file is not what it should be, through the browser entry', async () => {
    const { loadSharingPolicy: loadInBrowser } = await import('./browser.ts');
    const { wasm } = await builtPolicyFiles();
    // A dev server that answers a missing data.json with its index page.
    await expect(loadInBrowser({ wasm, data: 'data:text/html,<!doctype html>' })).rejects.toThrow(/^Not JSON: data:text\/html,<!doctype html>: /);
  });

  it('rejects a missing file with the path in the message', async () => {
    await expect(loadSharingPolicy({ wasm: '/nonexistent/policy.wasm' })).rejects.toThrow(/\/nonexistent\/policy\.wasm/);
  });

  it('keeps node: imports out of the browser-safe core', async () => {
    for (const file of ['core.ts', 'browser.ts', 'errors.ts', 'generated/validate-request.js']) {
      const text = await readFile(`${root}policy/runtime/${file}`, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|require\(/);
    }
  });
});

describe('hashing', () => {
  it('hashes as node:crypto does, in plain TypeScript where crypto.subtle is missing (a page served over plain HTTP)', async () => {
    const { createHash } = await import('node:crypto');
    const { wasm } = await builtPolicyFiles();
    for (const bytes of [new Uint8Array(0), new Uint8Array(55).fill(97), new Uint8Array(56).fill(98), new Uint8Array(64).fill(99), new Uint8Array(1000).map((_, i) => i * 7), wasm]) {
      expect(sha256HexSync(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    vi.stubGlobal('crypto', {});
    try {
      expect((globalThis.crypto as Partial<Crypto>).subtle).toBeUndefined();
      const loaded = await createSharingPolicy(await builtPolicyFiles());
      expect(loaded.wasmSha256).toBe(createHash('sha256').update(wasm).digest('hex'));
      expect(loaded.decide(valid).outcome).toBe('share');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('evaluation', () => {
  it('goes straight through the ABI by default, and decides as the SDK path does', async () => {
    const files = await builtPolicyFiles();
    const abi = await createSharingPolicy(files);
    const sdk = await createSharingPolicy({ ...files, evaluation: 'sdk' });
    expect(abi.evaluation).toBe('abi');
    expect(sdk.evaluation).toBe('sdk');
    const requests: SharingRequest[] = [valid, { ...valid, purpose: 'marketing' }, { ...valid, recipient: 'police-judicial', purpose: 'crime-investigation', consent: 'refused', circumstances: [{ id: 'serious-crime' }] }];
    for (const request of requests) expect(abi.decide(request)).toEqual(sdk.decide(request));
    const before = abi.memoryBytes();
    for (let i = 0; i < 20_000; i++) abi.decide(requests[i % requests.length]!);
    expect(abi.memoryBytes()).toBe(before);
  });

  it('refuses a request too large to be one before it reaches the module, even with a check that lets anything through', async () => {
    const policy = await createSharingPolicy({ ...(await builtPolicyFiles()), checkRequest: () => [] });
    const before = policy.memoryBytes();
    const huge = { ...valid, information: Array.from({ length: 50_000 }, (_, i) => `kind-${i}`) };
    expect(() => policy.decide(huge as unknown as SharingRequest)).toThrow(InvalidRequestError);
    expect(policy.memoryBytes()).toBe(before);
    // The largest request it takes still fits the module's memory, and is decided, closed.
    const large = { ...valid, information: Array.from({ length: 4000 }, (_, i) => `k${i}`) };
    expect(policy.decide(large as unknown as SharingRequest)).toMatchObject({ outcome: 'do-not-share', reasons: [] });
    expect(policy.decide(valid)).toMatchObject({ outcome: 'share' });
  });

  it('refuses a check that answers anything but a list of problems, and an evaluation that is neither abi nor sdk', async () => {
    for (const answer of [true, false, undefined, 'ok']) {
      const policy = await createSharingPolicy({ ...(await builtPolicyFiles()), checkRequest: (() => answer) as never });
      expect(() => policy.decide(valid)).toThrow(/checkRequest must return a list of problems/);
    }
    await expect(createSharingPolicy({ ...(await builtPolicyFiles()), evaluation: 'xyz' as never })).rejects.toThrow(/The evaluation must be 'abi' or 'sdk', found "xyz"/);
  });

  it('reads only the options\u2019 own members, so a polluted Object.prototype neither unpins the policy nor gives it other data or another check', async () => {
    const files = await builtPolicyFiles();
    const permissive = structuredClone(files.data) as { notice: { purposes: Record<string, object> } };
    permissive.notice.purposes.marketing = { ...permissive.notice.purposes['individual-care'] };
    const prototype = Object.prototype as Record<string, unknown>;
    Object.assign(prototype, { pin: false, data: permissive, checkRequest: () => [] });
    try {
      const policy = await loadSharingPolicy({ wasm: distPolicy('policy.wasm'), data: distPolicy('data.json') });
      expect(policy.decide({ ...valid, purpose: 'marketing' }).outcome).toBe('do-not-share');
      expect(() => policy.decide({ ...valid, consent: 'Given' } as unknown as SharingRequest)).toThrow(InvalidRequestError);
      // Still pinned: other data is refused, and data left out is not taken from the prototype.
      await expect(createSharingPolicy({ wasm: files.wasm, data: permissive } as never)).rejects.toThrow(/not the pinned data/);
      await expect(createSharingPolicy({ wasm: files.wasm } as never)).rejects.toThrow(/The policy data is not the notice's/);
    } finally {
      for (const key of ['pin', 'data', 'checkRequest']) delete prototype[key];
    }
    // A pin's hashes are strings of their own, not a list holding one.
    const sha = (await createSharingPolicy(files)).wasmSha256;
    await expect(createSharingPolicy({ ...files, pin: { wasmSha256: [sha], dataSha256: [sha] } as never })).rejects.toThrow(/The pin must be false or/);
  });

  it('refuses, at once, a request that shares one object down many levels, and a check whose problems are not problems', async () => {
    let shared: object = { leaf: true };
    for (let level = 0; level < 40; level++) shared = { a: shared, b: shared };
    expect(problemsOf({ ...valid, note: shared })).toEqual([{ path: '', keyword: 'maxLength' }]);
    expect(isValidRequest({ ...valid, note: shared })).toBe(false);
    for (const answer of [[null], [undefined], [1]]) {
      const policy = await createSharingPolicy({ ...(await builtPolicyFiles()), checkRequest: () => answer as never });
      expect(() => policy.decide(valid)).toThrow(/checkRequest must return a list of problems/);
    }
  });

  it('refuses a lone surrogate, which the module cannot read, as OPA\u2019s Go evaluator refuses it, even with a check that lets anything through', async () => {
    const policy = await createSharingPolicy({ ...(await builtPolicyFiles()), checkRequest: () => [] });
    for (const request of [{ ...valid, '\ud800': true }, { ...valid, note: 'a\udc00' }]) {
      expect(() => policy.decide(request as unknown as SharingRequest)).toThrow(/not well-formed Unicode \(a lone surrogate\)/);
    }
    // A pair is one character, and a backslash before the letters is text: neither is refused for it.
    expect(policy.problems({ ...valid, note: '\ud83d\ude00 \\ud800' })).toEqual([]);
    expect(policy.decide(valid)).toMatchObject({ outcome: 'share' });
  });
});

describe('a polluted Object.prototype', () => {
  it('does not supply a member the request lacks: the check reads the request\u2019s own members, as the module does', async () => {
    const policy = await createSharingPolicy(await builtPolicyFiles());
    const { recipient: _, ...lacking } = valid;
    const prototype = Object.prototype as { recipient?: string };
    prototype.recipient = 'gp';
    try {
      expect(isValidRequest(lacking)).toBe(false);
      expect(policy.problems(lacking).map((p) => p.keyword)).toEqual(['required']);
      expect(() => policy.decide(lacking as unknown as SharingRequest)).toThrow(InvalidRequestError);
    } finally {
      delete prototype.recipient;
    }
  });
  it('does not fill an empty slot of a list: a sparse list is refused, never written out from the prototype', async () => {
    const policy = await createSharingPolicy(await builtPolicyFiles());
    const prototype = Object.prototype as Record<string, unknown>;
    prototype[0] = { id: 'court-order', status: 'confirmed' };
    try {
      const sparse = { recipient: 'police-judicial', purpose: 'court-proceedings', information: ['care-record'], consent: 'refused', circumstances: new Array(1) };
      expect(policy.problems(sparse)).toEqual([{ path: '/circumstances', keyword: 'type', message: 'holds a list with an empty slot (a sparse array)', expected: 'lists with every entry present' }]);
      expect(() => policy.decide(sparse as unknown as SharingRequest)).toThrow(InvalidRequestError);
      expect(() => policy.decide({ ...valid, information: new Array(1) } as unknown as SharingRequest)).toThrow(InvalidRequestError);
    } finally {
      delete prototype[0];
    }
  });
});

describe('what is checked is what is loaded', () => {
  /** The build's policy.wasm with one clause id changed, so that a refusal no longer counts: another policy of the same size. */
  async function altered(): Promise<{ genuine: Uint8Array; evil: Uint8Array }> {
    const { wasm } = await builtPolicyFiles();
    const genuine = new Uint8Array(wasm);
    const text = Buffer.from(genuine);
    const at = text.indexOf(Buffer.from('\0refused\0'));
    expect(at).toBeGreaterThan(0);
    const evil = new Uint8Array(genuine);
    evil.set(Buffer.from('\0refuseX\0'), at);
    return { genuine, evil };
  }

  it('hashes the WASM bytes it compiles: changing the caller\u2019s buffer during the load does not slip another module past the pin', async () => {
    const { data } = await builtPolicyFiles();
    const { genuine, evil } = await altered();
    const buffer = new Uint8Array(evil);
    const loading = createSharingPolicy({ wasm: buffer, data });
    buffer.set(genuine);
    await expect(loading).rejects.toThrow(PolicyLoadError);
  });

  it('writes the data out once: a toJSON that answers differently the second time cannot load other data', async () => {
    const { wasm, data } = await builtPolicyFiles();
    const marketing = structuredClone(data) as unknown as { notice: { purposes: Record<string, { forbidden: boolean }> } };
    marketing.notice.purposes.marketing!.forbidden = false;
    let calls = 0;
    const shifty = { notice: data.notice, toJSON: () => (calls++ === 0 ? marketing : data) };
    await expect(createSharingPolicy({ wasm, data: shifty as never })).rejects.toThrow(PolicyLoadError);
  });

  it('isValidRequest is true exactly when decide decides: the same values refused, the same accepted', async () => {
    const { isValidRequest } = await import('./core.ts');
    const decides = (request: unknown) => {
      try {
        policy.decide(request as SharingRequest);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidRequestError);
        return false;
      }
    };
    const policy = await builtPolicy();
    class Request { recipient = 'gp'; purpose = 'individual-care'; information = ['care-record']; consent = 'given'; }
    class List extends Array {}
    const other = runInNewContext('({ recipient: "gp", purpose: "individual-care", information: ["care-record"], consent: "given" })') as object;
    const values: [string, unknown, boolean][] = [
      ['plain', valid, true],
      ['a known member set to undefined', { ...valid, opt_outs: undefined }, true],
      ['an unknown member set to undefined', { ...valid, note: undefined }, true],
      ['an object of another realm (an iframe, a vm context)', other, true],
      ['an object with no prototype', Object.assign(Object.create(null) as object, valid), true],
      ['a boxed string', { ...valid, recipient: new String('gp') }, false],
      ['a boxed boolean', { ...valid, necessary_for_care: new Boolean(true) }, false],
      ['a Date', { ...valid, note: new Date(0) }, false],
      ['a function member', { ...valid, note: () => 1 }, false],
      ['a symbol value', { ...valid, note: Symbol('x') }, false],
      ['a symbol-named member (not written out: not part of the request)', { ...valid, [Symbol('x')]: 1 }, true],
      ['a class instance', new Request(), false],
      ['a list of a subclass', { ...valid, information: List.from(['care-record']) }, false],
      ['undefined in a list', { ...valid, information: ['care-record', undefined] }, false],
      ['a non-enumerable getter (not written out, never called)', Object.defineProperty({ ...valid }, 'note', { get: () => { throw new Error('called'); } }), true],
      ['a non-enumerable member', Object.defineProperty({ ...valid }, 'note', { value: 1 }), true],
    ];
    for (const [title, value, accepted] of values) {
      expect([title, isValidRequest(value), decides(value)]).toEqual([title, accepted, accepted]);
    }
  });

  it('refuses an object whose members would be inherited (defaults made with Object.create(null)), which JSON would not write', async () => {
    const { isValidRequest } = await import('./core.ts');
    const policy = await builtPolicy();
    const defaults = Object.create(null) as Record<string, unknown>;
    defaults.opt_outs = { shared_care_record: true };
    const request = Object.assign(Object.create(defaults) as object, { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given', necessary_for_care: true, sharing_agreement: true });
    expect(isValidRequest(request)).toBe(false);
    expect(policy.problems(request as SharingRequest)).toMatchObject([{ path: '', keyword: 'type' }]);
  });

  it('says where a value is not plain data in words a log can hold: the member\u2019s name and a class\u2019s with their control characters escaped', async () => {
    const policy = await builtPolicy();
    const named = { [`\u001b[2J\u009b\u202e`]: class {} };
    const found = [
      ...policy.problems({ ...valid, '\u001b[2J\u009b\u202e': new Date(0) } as unknown as SharingRequest),
      ...policy.problems({ ...valid, note: new named['\u001b[2J\u009b\u202e']!() } as unknown as SharingRequest),
      ...policy.problems(new Proxy({ ...valid }, { ownKeys: () => { throw new Error('boom \u001b[2J'); } }) as unknown as SharingRequest),
    ];
    expect(found).toHaveLength(3);
    for (const text of found.flatMap((p) => [p.path, p.message, p.expected ?? ''])) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('refuses a request whose text in all is longer than a request may be, before writing it out', async () => {
    const policy = await builtPolicy();
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const padded = { ...valid, information: Array.from({ length: 1000 }, () => '\u0000'.repeat(65_000)) };
      expect(policy.problems(padded as unknown as SharingRequest)).toMatchObject([{ keyword: 'maxLength' }]);
      expect(stringify.mock.calls.filter(([value]) => value === padded)).toEqual([]);
    } finally {
      stringify.mockRestore();
    }
  });

  it('refuses oversize input by its size, without looking at each entry: a list of ten million is two reads', async () => {
    const { isValidRequest } = await import('./core.ts');
    const policy = await builtPolicy();
    let traps = 0;
    const huge = new Proxy(new Array<string>(10_000_000).fill('care-record'), {
      get: (target, key) => { traps++; return Reflect.get(target, key); },
      getOwnPropertyDescriptor: (target, key) => { traps++; return Reflect.getOwnPropertyDescriptor(target, key); },
      ownKeys: (target) => { traps++; return Reflect.ownKeys(target); },
      has: (target, key) => { traps++; return Reflect.has(target, key); },
    });
    const request = { ...valid, information: huge };
    expect(policy.problems(request as unknown as SharingRequest)).toMatchObject([{ keyword: 'maxLength' }]);
    expect(isValidRequest(request)).toBe(false);
    // (The walk asks whether it has a toJSON and reads its length; the look for a cycle reads at most a few thousand entries.)
    expect(traps).toBeLessThan(20_000);
    expect(policy.problems({ ...valid, recipient: 'g'.repeat(10_000_000) } as unknown as SharingRequest)).toMatchObject([{ keyword: 'maxLength' }]);
  });

  it('isValidRequest is true only for plain data, so what it vouches for is what decide reads', async () => {
    const { isValidRequest } = await import('./core.ts');
    const plain = { recipient: 'gp', purpose: 'individual-care', information: ['care-record'], consent: 'given' };
    expect(isValidRequest(plain)).toBe(true);
    expect(isValidRequest({ ...plain, toJSON: () => ({ ...plain, purpose: 'marketing' }) })).toBe(false);
    class Request { recipient = 'gp'; purpose = 'individual-care'; information = ['care-record']; consent = 'given'; }
    expect(isValidRequest(new Request())).toBe(false);
    expect(isValidRequest(Object.defineProperty({ ...plain }, 'consent', { get: () => 'given', enumerable: true }))).toBe(false);
    // A Proxy whose traps throw: not valid, and decide says so with its typed error.
    const trap = new Proxy(plain, { ownKeys: () => { throw new Error('trap'); } });
    expect(isValidRequest(trap)).toBe(false);
    // A trap that throws only at a later read of a member.
    const reads = new Map<PropertyKey, number>();
    const later = new Proxy(plain, { get: (target, key) => { reads.set(key, (reads.get(key) ?? 0) + 1); if (key === 'recipient' && reads.get(key)! > 1) throw new Error('2nd read'); return Reflect.get(target, key); } });
    expect(isValidRequest(later)).toBe(false);
    // The schema's check alone says so too, as a problem rather than the trap's error.
    const { requestProblems } = await import('./core.ts');
    expect(requestProblems(trap)).toEqual([{ path: '', keyword: 'type', message: 'cannot be read (trap)', expected: 'an object' }]);
    const policy = await builtPolicy();
    expect(() => policy.decide(trap as never)).toThrow(InvalidRequestError);
  });
});

describe('audit events', () => {
  it('are FHIR R4 without empty values: a refusal is the disclosure not carried out, and an OPA server\u2019s entry (no hashes) is written too', async () => {
    const policy = await builtPolicy();
    const { entry } = policy.decideLogged({ recipient: 'nearest-relative', purpose: 'mental-health-act', information: ['care-record'], consent: 'refused' } as unknown as SharingRequest);
    const refused = policy.auditEvent(entry, { patient: { reference: 'Patient/1' } });
    expect(refused.outcome).toBe(entry.result.outcome === 'share' || entry.result.outcome === 'share-minimum' ? '0' : '4');
    const noEmpty = (value: unknown, path = ''): string[] => {
      if (value === '' || (Array.isArray(value) && value.length === 0)) return [path];
      if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => noEmpty(v, `${path}/${k}`));
      return [];
    };
    expect(noEmpty(refused)).toEqual([]);
    const { wasm_sha256: _w, data_sha256: _d, ...versionOnly } = entry.result.policy;
    const fromServer = { ...entry, result: { ...entry.result, policy: versionOnly } } as unknown as typeof entry;
    const server = policy.auditEvent(fromServer);
    expect(noEmpty(server)).toEqual([]);
    expect(server.source.observer.display).not.toContain('undefined');
    const odd = policy.auditEvent({ ...entry, input: { ...(entry.input as object), purpose: 'constructor' } });
    expect(odd.purposeOfEvent[0]!.text).toBe('constructor');
  });

  it('refuse, saying what is wrong, options that would make invalid FHIR and an entry that is not one', async () => {
    const policy = await builtPolicy();
    const { entry } = policy.decideLogged(valid);
    expect(() => policy.auditEvent(entry, { patient: { reference: ' ' } })).toThrow(/^toAuditEvent: options\.patient\.reference must be text, not blank$/);
    expect(() => policy.auditEvent(entry, { patient: { reference: 'Patient/94 34' } })).toThrow(/options\.patient\.reference must have no spaces/);
    expect(() => policy.auditEvent(entry, { policyUri: 'https://notice.example.nhs.uk/versions/1 2/' })).toThrow(/options\.policyUri must have no spaces/);
    expect(() => policy.auditEvent(entry, { organization: { display: 'Trust ' } })).toThrow(/options\.organization\.display must not start or end with a space/);
    for (const malformed of [null, {}, { ...entry, result: null }, { ...entry, result: { ...entry.result, reasons: undefined } }, { ...entry, result: { ...entry.result, outcome: 'yes' } }]) {
      expect(() => policy.auditEvent(malformed as never), JSON.stringify(malformed)?.slice(0, 60)).toThrow(/^toAuditEvent: the entry/);
    }
    expect(policy.auditEvent(entry, { patient: { reference: 'Patient/9434765919', display: 'A patient' }, organization: { display: 'The trust', reference: 'Organization/RXX' } }).resourceType).toBe('AuditEvent');
    // What of the entry goes into FHIR's id, instant and uri, and what its lists must hold.
    const result = entry.result as unknown as Record<string, unknown>;
    for (const [malformed, said] of [
      [{ ...entry, timestamp: 'yesterday' }, /timestamp must be an instant/],
      [{ ...entry, decision_id: 'a b/c' }, /decision_id must be a FHIR id/],
      [{ ...entry, result: { ...result, policy: { ...entry.result.policy, notice_version: '1.2 0' } } }, /notice version must have no spaces/],
      [{ ...entry, result: { ...result, reasons: [null] } }, /reasons must name its clause/],
      [{ ...entry, result: { ...result, obligations: [null] } }, /obligations must have an id/],
      [{ ...entry, result: { ...result, information: 'care-record' } }, /information must be a list of ids/],
      [{ ...entry, input: { big: 1n } }, /input cannot be written as JSON/],
    ] as const) {
      expect(() => policy.auditEvent(malformed as never), String(said)).toThrow(said);
    }
    expect(() => policy.auditEvent(entry, { patient: { reference: 'Patient/1 \u009b2J\u202e' } })).toThrow(/^toAuditEvent: [^\u0080-\u009f\u202a-\u202e]*$/);
    expect(() => policy.auditEvent(entry, null as never)).toThrow(/^toAuditEvent: the options must be an object/);
    // Only the options' own members, and of a reference only reference and display.
    const event = policy.auditEvent(entry, { patient: { reference: 'Patient/1', extension: 1 } as never });
    expect(event.entity[0]!.what).toEqual({ reference: 'Patient/1' });
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.patient = { reference: 'Patient/someone-else' };
    prototype.labels = { injected: 'yes' };
    try {
      expect(JSON.stringify(policy.auditEvent(entry))).not.toContain('someone-else');
      expect(policy.decideLogged(valid).entry.labels).toEqual({ app: '@msefnhst/privacy-notice' });
    } finally {
      delete prototype.patient;
      delete prototype.labels;
    }
  });
});

describe('explanations', () => {
  /** A request with one change made, as the policy's explanation names it. */
  function changed(request: Record<string, unknown>, change: { fact: string; value: unknown; circumstance?: string }): Record<string, unknown> {
    if (change.fact === 'national_data_opt_out' || change.fact === 'shared_care_record') return { ...request, opt_outs: { ...(request.opt_outs as object), [change.fact]: change.value } };
    if (change.fact === 'status') return { ...request, circumstances: (request.circumstances as { id: string }[]).map((c) => (c.id === change.circumstance ? { ...c, status: change.value } : c)) };
    return { ...request, [change.fact]: change.value };
  }

  it('name exactly the single changes of a request\u2019s facts that lead to another outcome, each as the policy then decides, for every scenario', async () => {
    const policy = await builtPolicy();
    const { parse } = await import('yaml');
    const { readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const dir = join(root, 'test', 'scenarios');
    const requests: Record<string, unknown>[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml'))) {
      for (const scenario of (parse(await readFile(join(dir, file), 'utf8')) as { scenarios: { request: Record<string, unknown> }[] }).scenarios) {
        if (policy.problems(scenario.request).length === 0) requests.push(scenario.request);
      }
    }
    expect(requests.length).toBeGreaterThan(50);
    let explained = 0;
    for (const request of requests) {
      const { decision, alternatives } = policy.explain(request as unknown as SharingRequest);
      expect(decision).toEqual(policy.decide(request as unknown as SharingRequest));
      // Every single change, tried: those that change the outcome are the explanation, as decided.
      const candidates = [
        ...['given', 'implied', 'refused', 'withdrawn', 'not-asked', 'unable-to-consent'].filter((c) => c !== request.consent).map((value) => ({ fact: 'consent', value })),
        ...['necessary_for_care', 'sharing_agreement', 'processor_disclosed'].map((fact) => ({ fact, value: request[fact] !== true })),
        ...['national_data_opt_out', 'shared_care_record'].map((fact) => ({ fact, value: (request.opt_outs as Record<string, boolean> | undefined)?.[fact] !== true })),
        // A waiting claim confirmed; never one a person rejected (any claim of its circumstance).
        ...[...new Set(((request.circumstances ?? []) as { id: string; status?: string }[]).filter((c) => (c.status ?? 'waiting') === 'waiting').map((c) => c.id))]
          .filter((id) => !((request.circumstances ?? []) as { id: string; status?: string }[]).some((c) => c.id === id && c.status === 'rejected'))
          .map((circumstance) => ({ fact: 'status', circumstance, value: 'confirmed' })),
      ];
      const expected = candidates.flatMap((change) => {
        const after = policy.decide(changed(request, change) as unknown as SharingRequest);
        return after.outcome === decision.outcome ? [] : [{ change, outcome: after.outcome, reasons: after.reasons, obligations: after.obligations }];
      });
      const key = (a: { change: object }) => JSON.stringify(Object.entries(a.change).sort());
      expect(alternatives.map((a) => ({ ...a, change: key(a) })).sort((a, b) => a.change.localeCompare(b.change)))
        .toEqual(expected.map((a) => ({ ...a, change: key(a) })).sort((a, b) => a.change.localeCompare(b.change)));
      if (alternatives.length > 0) explained++;
    }
    expect(explained).toBeGreaterThan(10);
    // What the notice never allows has no alternative.
    expect(policy.explain({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }).alternatives).toEqual([]);
  });
});
