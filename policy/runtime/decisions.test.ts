// Decisions through the typed runtime on the real compiled policy.wasm: every outcome, every clause that
// decides something. Each case names the clauses that must be among the reasons and the obligations that
// must come with it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtPolicy, distPolicy, gpForCare } from '../../test/helpers.ts';
import type { Decision, SharingPolicy, SharingRequest } from './core.ts';

let policy: SharingPolicy;
beforeAll(async () => {
  policy = await builtPolicy();
});

const gp = gpForCare;
const with_ = (changes: Partial<SharingRequest>): SharingRequest => ({ ...gp, ...changes });
const refused = { consent: 'refused' } as const;

type Case = [title: string, request: SharingRequest, outcome: Decision['outcome'], clauses: string[], obligations?: string[]];

const cases: Case[] = [
  // The care team (clause care-team), on implied consent.
  ['care team, consent not asked', with_({ recipient: 'care-team', consent: 'not-asked', sharing_agreement: false }), 'share', ['care-team'], []],
  ['care team, consent given', with_({ recipient: 'care-team' }), 'share', ['care-team']],
  ['care team, emergency, patient unconscious', with_({ recipient: 'care-team', purpose: 'emergency-care', consent: 'unable-to-consent' }), 'share', ['care-team'], ['best-interests']],
  ['care team, consent refused', with_({ recipient: 'care-team', ...refused }), 'do-not-share', ['care-team', 'refuse-withdraw'], ['explain-refusal-implications']],
  ['care team, consent withdrawn', with_({ recipient: 'care-team', consent: 'withdrawn' }), 'do-not-share', ['care-team', 'refuse-withdraw'], ['explain-refusal-implications']],
  ['care team, a purpose other than care', with_({ recipient: 'care-team', purpose: 'safeguarding' }), 'do-not-share', ['care-team'], []],
  // Other organisations (other-professionals, strict-agreements): consent, necessity and an agreement.
  ['GP, consent, necessary, agreement', gp, 'share', ['other-professionals', 'strict-agreements', 'recipient-gps'], ['follow-sharing-agreement']],
  ['NHS trust, all three', with_({ recipient: 'nhs-trust' }), 'share', ['recipient-nhs-trusts']],
  ['independent contractor, all three', with_({ recipient: 'independent-contractor' }), 'share', ['recipient-independent-contractors']],
  ['private sector provider, all three', with_({ recipient: 'private-sector-provider' }), 'share', ['recipient-private-sector']],
  ['voluntary sector provider, all three', with_({ recipient: 'voluntary-sector-provider' }), 'share', ['recipient-voluntary-sector']],
  ['ambulance trust, all three', with_({ recipient: 'ambulance-trust' }), 'share', ['recipient-ambulance-trusts']],
  ['ICB and ICS providers, all three', with_({ recipient: 'icb-ics' }), 'share', ['recipient-icb-ics']],
  ['social care, support for carers', with_({ recipient: 'social-care', purpose: 'support-for-carers' }), 'share', ['recipient-social-care']],
  ['local authority, all three', with_({ recipient: 'local-authority' }), 'share', ['recipient-local-authorities']],
  ['education, all three', with_({ recipient: 'education' }), 'share', ['recipient-education']],
  ['fire and rescue, all three', with_({ recipient: 'fire-rescue' }), 'share', ['recipient-fire-rescue']],
  ['NHS England for care, all three: no part in care', with_({ recipient: 'nhs-england' }), 'do-not-share', ['other-professionals']],
  ['GP, consent refused', with_(refused), 'do-not-share', ['other-professionals', 'refuse-withdraw'], ['explain-refusal-implications']],
  ['GP, consent withdrawn', with_({ consent: 'withdrawn' }), 'do-not-share', ['refuse-withdraw'], ['explain-refusal-implications']],
  ['GP, consent not asked', with_({ consent: 'not-asked' }), 'do-not-share', ['other-professionals'], ['ask-for-consent']],
  ['GP, not necessary', with_({ necessary_for_care: false }), 'do-not-share', ['other-professionals'], []],
  ['GP, no agreement', with_({ sharing_agreement: false }), 'do-not-share', ['strict-agreements', 'recipient-gps'], []],
  ['GP, implied consent, discharge letter', with_({ consent: 'implied' }), 'share', ['other-professionals', 'strict-agreements', 'recipient-gps'], ['follow-sharing-agreement']],
  ['school, implied consent: as not asked', with_({ recipient: 'education', consent: 'implied' }), 'do-not-share', ['other-professionals'], ['ask-for-consent']],
  ['ambulance, emergency, patient cannot consent', with_({ recipient: 'ambulance-trust', purpose: 'emergency-care', consent: 'unable-to-consent' }), 'share-minimum', ['strict-agreements', 'recipient-ambulance-trusts'], ['best-interests', 'minimum-necessary', 'tell-patient']],
  ['GP, patient cannot consent, not an emergency: best interests', with_({ consent: 'unable-to-consent' }), 'share-minimum', ['strict-agreements', 'recipient-gps'], ['best-interests', 'follow-sharing-agreement', 'minimum-necessary', 'record-disclosure', 'tell-patient']],
  ['ambulance, emergency, patient cannot consent, no agreement: vital interests', with_({ recipient: 'ambulance-trust', purpose: 'emergency-care', consent: 'unable-to-consent', sharing_agreement: false }), 'share-minimum', ['care-team', 'recipient-ambulance-trusts'], ['best-interests', 'minimum-necessary', 'record-disclosure', 'tell-patient']],
  ['GP, patient cannot consent, not an emergency, no agreement: a person decides', with_({ consent: 'unable-to-consent', sharing_agreement: false }), 'refer', ['strict-agreements', 'recipient-gps'], ['best-interests', 'refer-to-caldicott-guardian', 'record-decision']],
  ['police, patient cannot consent, no circumstance: nobody is told to ask for consent', with_({ recipient: 'police-judicial', purpose: 'crime-investigation', consent: 'unable-to-consent' }), 'do-not-share', ['other-professionals', 'no-consent'], []],
  ['police, crime, consent given, no circumstance claimed', with_({ recipient: 'police-judicial', purpose: 'crime-investigation' }), 'refer', ['strict-agreements', 'recipient-police-judicial'], ['refer-to-caldicott-guardian', 'record-decision']],
  ['social care, safeguarding, consent given: the welfare of others', with_({ recipient: 'social-care', purpose: 'safeguarding' }), 'share', ['other-professionals', 'strict-agreements', 'recipient-social-care'], ['follow-sharing-agreement']],
  // Never marketing or insurance, whatever the consent (never-marketing-insurance).
  ['marketing, consent given', with_({ purpose: 'marketing' }), 'do-not-share', ['never-marketing-insurance'], []],
  ['insurance, consent given', with_({ purpose: 'insurance' }), 'do-not-share', ['never-marketing-insurance']],
  ['insurance with a confirmed court order: both clauses, a person decides', with_({ recipient: 'police-judicial', purpose: 'insurance', circumstances: [{ id: 'court-order', status: 'confirmed' }] }), 'refer', ['never-marketing-insurance', 'circumstance-court-order']],
  ['marketing to the care team', with_({ recipient: 'care-team', purpose: 'marketing' }), 'do-not-share', ['never-marketing-insurance']],
  ['research, which does not benefit care', with_({ purpose: 'research-and-planning' }), 'do-not-share', ['never-marketing-insurance']],
  // The seven circumstances, which apply even when consent is refused (no-consent).
  ['harm to self, confirmed, consent refused', with_({ ...refused, purpose: 'safeguarding', circumstances: [{ id: 'harm-to-self', status: 'confirmed' }] }), 'share-minimum', ['no-consent', 'circumstance-harm-to-self'], ['minimum-necessary', 'record-disclosure', 'tell-patient']],
  ['harm to self, rejected by the Caldicott Guardian, consent refused', with_({ ...refused, purpose: 'safeguarding', circumstances: [{ id: 'harm-to-self', status: 'rejected' }] }), 'do-not-share', ['other-professionals', 'refuse-withdraw'], []],
  ['harm to self, not yet judged serious', with_({ ...refused, purpose: 'safeguarding', circumstances: [{ id: 'harm-to-self' }] }), 'refer', ['no-consent', 'circumstance-harm-to-self'], ['refer-to-caldicott-guardian', 'record-decision']],
  ['harm to others, confirmed, police', with_({ ...refused, recipient: 'police-judicial', purpose: 'safeguarding', circumstances: [{ id: 'harm-to-others', status: 'confirmed' }] }), 'share-minimum', ['circumstance-harm-to-others']],
  ['harm to others, not yet judged', with_({ ...refused, recipient: 'social-care', purpose: 'safeguarding', circumstances: [{ id: 'harm-to-others' }] }), 'refer', ['circumstance-harm-to-others']],
  ['child at risk, social care, consent refused', with_({ ...refused, recipient: 'social-care', purpose: 'safeguarding', circumstances: [{ id: 'child-at-risk' }] }), 'share-minimum', ['no-consent', 'circumstance-child-at-risk'], ['record-disclosure']],
  ['court order seen, police and judicial', with_({ ...refused, recipient: 'police-judicial', purpose: 'court-proceedings', circumstances: [{ id: 'court-order', status: 'confirmed' }] }), 'share-minimum', ['circumstance-court-order']],
  ['court order claimed, not seen', with_({ recipient: 'police-judicial', purpose: 'court-proceedings', consent: 'not-asked', circumstances: [{ id: 'court-order' }] }), 'refer', ['circumstance-court-order'], ['refer-to-caldicott-guardian']],
  ['serious crime, consent refused, not yet judged', with_({ ...refused, recipient: 'police-judicial', purpose: 'crime-investigation', circumstances: [{ id: 'serious-crime' }] }), 'refer', ['circumstance-serious-crime']],
  ['serious crime, confirmed by the Caldicott Guardian', with_({ ...refused, recipient: 'police-judicial', purpose: 'crime-investigation', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] }), 'share-minimum', ['circumstance-serious-crime']],
  ['Mental Health Act, nearest relative, patient objects, not confirmed', with_({ ...refused, recipient: 'nearest-relative', purpose: 'mental-health-act', circumstances: [{ id: 'mental-health-act' }] }), 'refer', ['circumstance-mental-health-act']],
  ['Mental Health Act, nearest relative, patient objects, confirmed', with_({ ...refused, recipient: 'nearest-relative', purpose: 'mental-health-act', circumstances: [{ id: 'mental-health-act', status: 'confirmed' }] }), 'share-minimum', ['circumstance-mental-health-act']],
  ['public health notification, consent withdrawn', with_({ consent: 'withdrawn', recipient: 'local-authority', purpose: 'public-health', information: ['diagnoses'], circumstances: [{ id: 'public-health' }] }), 'share-minimum', ['circumstance-public-health']],
  ['public health claimed for the police: outside its usual reach, a person decides', with_({ recipient: 'police-judicial', purpose: 'public-health', circumstances: [{ id: 'public-health' }] }), 'refer', ['no-consent', 'circumstance-public-health'], ['refer-to-caldicott-guardian', 'record-decision']],
  ['Mental Health Act claimed for the police, refused: outside its usual reach, a person decides', with_({ ...refused, recipient: 'police-judicial', purpose: 'mental-health-act', circumstances: [{ id: 'mental-health-act' }] }), 'refer', ['circumstance-mental-health-act']],
  ['a production order for the police, refused: the order is obeyed', with_({ ...refused, recipient: 'police-judicial', purpose: 'crime-investigation', circumstances: [{ id: 'court-order', status: 'confirmed' }] }), 'share-minimum', ['no-consent', 'circumstance-court-order'], ['limited-to-order', 'minimum-necessary', 'record-disclosure', 'tell-patient']],
  ['nearest relative under the Act, with consent', with_({ recipient: 'nearest-relative', purpose: 'mental-health-act' }), 'share', ['circumstance-mental-health-act'], []],
  ['one settled circumstance among others', with_({ ...refused, recipient: 'police-judicial', purpose: 'court-proceedings', circumstances: [{ id: 'serious-crime' }, { id: 'court-order', status: 'confirmed' }] }), 'share-minimum', ['circumstance-court-order']],
  ['nearest relative without the Act: as family and carers', with_({ recipient: 'nearest-relative' }), 'share', ['other-professionals']],
  // Patient surveys (npsp, trust-surveys): contact details only, to the approved contractor.
  ['survey contractor, contact details', with_({ recipient: 'survey-contractor', purpose: 'patient-survey', information: ['contact-details'], consent: 'not-asked' }), 'share', ['npsp'], ['contact-details-only']],
  ['the trust\'s own survey, opted out', with_({ recipient: 'survey-contractor', purpose: 'trust-survey', information: ['contact-details'], consent: 'not-asked', opt_outs: { national_data_opt_out: true } }), 'do-not-share', ['trust-surveys', 'national-data-opt-out'], ['continue-individual-care']],
  ['survey contractor asks for diagnoses too', with_({ recipient: 'survey-contractor', purpose: 'patient-survey', information: ['contact-details', 'diagnoses'] }), 'share-minimum', ['npsp'], ['contact-details-only']],
  ['survey, national data opt-out registered', with_({ recipient: 'survey-contractor', purpose: 'patient-survey', information: ['contact-details'], opt_outs: { national_data_opt_out: true } }), 'share', ['npsp']],
  ['survey, consent withdrawn', with_({ recipient: 'survey-contractor', purpose: 'patient-survey', information: ['contact-details'], consent: 'withdrawn' }), 'do-not-share', ['npsp', 'refuse-withdraw']],
  ['survey contractor for care', with_({ recipient: 'survey-contractor' }), 'do-not-share', ['npsp']],
  ['survey by a GP', with_({ purpose: 'patient-survey', information: ['contact-details'] }), 'do-not-share', ['npsp']],
  // NHS England returns (nhse-returns, national-data-opt-out).
  ['NHS England returns', with_({ recipient: 'nhs-england', purpose: 'nhs-contract-returns', information: ['referrals', 'assessments', 'diagnoses', 'activities', 'questionnaire-answers'], consent: 'not-asked' }), 'share', ['nhse-returns'], []],
  ['NHS England returns asking for contact details', with_({ recipient: 'nhs-england', purpose: 'nhs-contract-returns', information: ['diagnoses', 'contact-details'], consent: 'not-asked' }), 'share-minimum', ['nhse-returns'], ['returns-information-only']],
  ['NHS England returns, national data opt-out', with_({ recipient: 'nhs-england', purpose: 'nhs-contract-returns', information: ['diagnoses'], consent: 'not-asked', opt_outs: { national_data_opt_out: true } }), 'do-not-share', ['nhse-returns', 'national-data-opt-out'], ['continue-individual-care']],
  ['opted out, still shared for individual care', with_({ opt_outs: { national_data_opt_out: true } }), 'share', ['other-professionals']],
  ['NHS England returns, consent refused: honoured like the opt-out', with_({ recipient: 'nhs-england', purpose: 'nhs-contract-returns', information: ['diagnoses'], ...refused }), 'do-not-share', ['nhse-returns', 'national-data-opt-out', 'refuse-withdraw']],
  ['returns sent to an ICB', with_({ recipient: 'icb-ics', purpose: 'nhs-contract-returns', information: ['diagnoses'] }), 'do-not-share', ['nhse-returns']],
  // My Care Record (shared-care-record).
  ['My Care Record, needed for care', with_({ recipient: 'shared-care-record', consent: 'not-asked', sharing_agreement: false }), 'share', ['shared-care-record'], []],
  ['My Care Record, not needed for care', with_({ recipient: 'shared-care-record', necessary_for_care: false }), 'do-not-share', ['shared-care-record']],
  ['My Care Record, patient objects', with_({ recipient: 'shared-care-record', opt_outs: { shared_care_record: true } }), 'do-not-share', ['shared-care-record'], ['other-care-routes']],
  ['My Care Record, consent refused', with_({ recipient: 'shared-care-record', ...refused }), 'do-not-share', ['shared-care-record', 'refuse-withdraw'], ['other-care-routes']],
  ['objecting to My Care Record, the GP still gets it', with_({ opt_outs: { shared_care_record: true } }), 'share', ['recipient-gps']],
  // Data processors (recipient-data-processors).
  ['processor disclosed, under agreement', with_({ recipient: 'data-processor', processor_disclosed: true }), 'share', ['recipient-data-processors'], ['follow-sharing-agreement']],
  ['processor not disclosed to patients', with_({ recipient: 'data-processor' }), 'do-not-share', ['recipient-data-processors'], []],
  ['processor disclosed, no agreement', with_({ recipient: 'data-processor', processor_disclosed: true, sharing_agreement: false }), 'do-not-share', ['recipient-data-processors']],
  ['processor disclosed, consent refused: nothing overrides it', with_({ recipient: 'data-processor', processor_disclosed: true, ...refused }), 'do-not-share', ['recipient-data-processors', 'refuse-withdraw']],
];

describe('decisions through the runtime, on the compiled policy.wasm', () => {
  it('covers every outcome', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(['share', 'share-minimum', 'do-not-share', 'refer']));
  });

  it.each(cases)('%s', (_title, request, outcome, clauses, obligations) => {
    const decision = policy.decide(request);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((r) => r.clause)).toEqual(expect.arrayContaining(clauses));
    if (obligations) {
      const ids = decision.obligations.map((o) => o.id);
      if (obligations.length === 0) expect(ids).toEqual([]);
      else expect(ids).toEqual(expect.arrayContaining(obligations));
    }
  });

  it('cites every clause the content marks as a rule, across the cases', async () => {
    const data = JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as { notice: { clauses: Record<string, { rule: boolean }> } };
    const cited = new Set(cases.flatMap(([, request]) => policy.decide(request).reasons.map((r): string => r.clause)));
    const rules = Object.entries(data.notice.clauses).filter(([, c]) => c.rule).map(([id]) => id);
    expect(rules.filter((id) => !cited.has(id))).toEqual([]);
  });

  it('gives each reason the words patients read, and each obligation its clause', async () => {
    const data = JSON.parse(await readFile(distPolicy('data.json'), 'utf8')) as { notice: { clauses: Record<string, { text: string }> } };
    for (const [, request] of cases) {
      const decision = policy.decide(request);
      for (const reason of decision.reasons) expect(reason.text).toBe(data.notice.clauses[reason.clause]!.text);
      for (const obligation of decision.obligations) expect(data.notice.clauses[obligation.clause]).toBeDefined();
    }
  });

  it('says which policy decided, so an audit log can reproduce it', async () => {
    const wasm = await readFile(distPolicy('policy.wasm'));
    const data = await readFile(distPolicy('data.json'), 'utf8');
    const decision = policy.decide(gp);
    expect(decision.policy).toEqual({
      notice_version: (JSON.parse(data) as { notice: { version: string } }).notice.version,
      wasm_sha256: createHash('sha256').update(wasm).digest('hex'),
      data_sha256: createHash('sha256').update(JSON.stringify(JSON.parse(data))).digest('hex'),
    });
  });

  it('pins one whole decision', () => {
    expect(policy.decide(with_({ ...refused, recipient: 'police-judicial', purpose: 'crime-investigation', circumstances: [{ id: 'serious-crime', status: 'confirmed' }] }))).toMatchInlineSnapshot(
      // The hashes change with every policy edit; the audit test above checks them.
      { policy: { wasm_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), data_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } }, `
      {
        "information": [
          "care-record",
        ],
        "obligations": [
          {
            "clause": "no-consent",
            "id": "minimum-necessary",
            "text": "Share only the information needed for this purpose.",
          },
          {
            "clause": "no-consent",
            "id": "record-disclosure",
            "text": "Record what was shared, with whom, when, why and on what basis.",
          },
          {
            "clause": "no-consent",
            "id": "tell-patient",
            "text": "Tell the patient what was shared and with whom, unless that would put someone at risk or defeat the purpose (a police investigation, say). If you do not tell them, record why.",
          },
        ],
        "outcome": "share-minimum",
        "policy": {
          "data_sha256": StringMatching /\\^\\[0-9a-f\\]\\{64\\}\\$/,
          "notice_version": "1.2.1",
          "wasm_sha256": StringMatching /\\^\\[0-9a-f\\]\\{64\\}\\$/,
        },
        "reasons": [
          {
            "clause": "no-consent",
            "text": "However, a person’s right to confidentiality is not absolute and there may be other circumstances when we must share information from your patient record with other agencies. In these rare circumstances we are not required to have your consent. Examples of this are:",
          },
          {
            "clause": "circumstance-serious-crime",
            "text": "If the information is essential for the investigation of a serious crime",
          },
        ],
      }
    `);
  });
});
