// What an accepted change covers: every field it gives must fit, and a change toward sharing only where the
// entry names the outcome it accepts.
import { describe, expect, it } from 'vitest';
import { accepts, lacksAfter, type AcceptedChange, type ChangeFacts } from './accepted-changes.ts';

const entry = (fields: Partial<AcceptedChange>): AcceptedChange => ({ id: 'x', because: 'agreed', file: 'test/accepted-changes.yaml', line: 2, column: 9, ...fields });
const newRecipient: ChangeFacts = { recipient: 'new-org', purpose: 'individual-care', consent: 'unable-to-consent', before: 'rejected', after: 'share-minimum', parts: ['outcome'], towardSharing: true };

describe('an accepted change', () => {
  it('covers a change toward sharing only when it names the outcome it accepts', () => {
    expect(accepts(entry({ recipient: ['new-org'], before: ['rejected'] }), newRecipient)).toBe(false);
    expect(lacksAfter(entry({ recipient: ['new-org'], before: ['rejected'] }), newRecipient)).toBe(true);
    expect(accepts(entry({ recipient: ['new-org'], after: ['do-not-share'] }), newRecipient)).toBe(false);
    expect(accepts(entry({ recipient: ['new-org'], after: ['share-minimum'] }), newRecipient)).toBe(true);
  });

  it('covers any other change by its fields alone', () => {
    const dropped: ChangeFacts = { recipient: 'police-judicial', purpose: 'crime-investigation', consent: 'refused', before: 'share-minimum', after: 'share-minimum', parts: ['obligations'], towardSharing: false };
    expect(accepts(entry({ recipient: ['police-judicial'], change: ['obligations'] }), dropped)).toBe(true);
    expect(accepts(entry({ recipient: ['police-judicial'], change: ['information'] }), dropped)).toBe(false);
    expect(lacksAfter(entry({ recipient: ['police-judicial'] }), dropped)).toBe(false);
  });
});
