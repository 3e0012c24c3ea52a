// The scenario files cover what an IG officer would expect them to: every outcome, recipient, purpose and
// circumstance (alone and with refused consent), the forbidden purposes with consent, withdrawn consent,
// opt-outs, undisclosed processors and unknown ids.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarios } from '../scripts/tools/scenarios.ts';
import { root } from './helpers.ts';

interface Scenario {
  id: string;
  request: { recipient: string; purpose: string; consent: string; circumstances?: { id: string }[]; opt_outs?: Record<string, boolean>; processor_disclosed?: boolean };
  expect: { outcome?: string; rejected?: true };
}

const scenarios = () => readScenarios<Scenario['request']>(root) as Promise<Scenario[]>;

describe('the scenario files', async () => {
  const all = await scenarios();
  const data = JSON.parse(await readFile(join(root, 'dist', 'policy', 'data.json'), 'utf8')) as { notice: { recipients: object; purposes: object; circumstances: object } };
  const decided = all.filter((s) => s.expect.outcome);

  it('hold at least 80 scenarios with unique ids', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it('cover every outcome, recipient and purpose', () => {
    expect(new Set(decided.map((s) => s.expect.outcome))).toEqual(new Set(['share', 'share-minimum', 'do-not-share', 'refer']));
    expect(Object.keys(data.notice.recipients).filter((id) => !decided.some((s) => s.request.recipient === id))).toEqual([]);
    expect(Object.keys(data.notice.purposes).filter((id) => !decided.some((s) => s.request.purpose === id))).toEqual([]);
  });

  it('cover every circumstance alone, and with consent refused', () => {
    for (const id of Object.keys(data.notice.circumstances)) {
      const claiming = decided.filter((s) => s.request.circumstances?.length === 1 && s.request.circumstances[0]!.id === id);
      expect(claiming.length, id).toBeGreaterThan(0);
      expect(claiming.some((s) => s.request.consent === 'refused'), `${id} with consent refused`).toBe(true);
    }
  });

  it('cover the forbidden purposes with consent given, withdrawn consent, opt-outs, undisclosed processors and unknown ids', () => {
    for (const purpose of ['marketing', 'insurance']) {
      expect(decided.some((s) => s.request.purpose === purpose && s.request.consent === 'given' && s.expect.outcome === 'do-not-share'), purpose).toBe(true);
    }
    expect(decided.some((s) => s.request.consent === 'withdrawn')).toBe(true);
    expect(decided.some((s) => s.request.opt_outs?.national_data_opt_out)).toBe(true);
    expect(decided.some((s) => s.request.opt_outs?.shared_care_record)).toBe(true);
    expect(decided.some((s) => s.request.recipient === 'data-processor' && !s.request.processor_disclosed && s.expect.outcome === 'do-not-share')).toBe(true);
    expect(all.filter((s) => s.expect.rejected).map((s) => s.request.recipient)).toContain('insurer');
    expect(decided.some((s) => (s.request.circumstances?.length ?? 0) > 1)).toBe(true);
  });
});
