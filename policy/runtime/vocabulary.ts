// The vocabulary of a sharing request, for building forms and reading decisions: each recipient, purpose,
// kind of information and circumstance of this notice with its name, its clause and its standard codes,
// and the consent states, opt-outs and facts a request states. Generated from the notice's content by the
// build (generated/vocabulary.ts). Types only here.
import type { CircumstanceId, ClauseId, InformationId, PurposeId, RecipientId, SharingRequest } from './generated/types.ts';

/** Standard codes: HL7 v3 ActReason (purposes of use) and W3C DPV. */
export interface StandardCodes {
  hl7?: string;
  dpv?: string;
}

/** The notice's words for a request, by id, in the notice's order. */
export interface Vocabulary {
  noticeVersion: string;
  recipients: readonly { id: RecipientId; name: string; kind: string; clause: ClauseId; codes?: StandardCodes }[];
  /**
   * `forbidden`: the notice forbids it by name (marketing, insurance). `benefitsCare`: false for every purpose
   * that does not benefit the patient's care, which the notice never shares for ("only … for purposes that
   * benefit your care"): the forbidden ones and any other, such as research. A form offers only those with
   * `benefitsCare`.
   */
  purposes: readonly { id: PurposeId; name: string; clause?: ClauseId; forbidden: boolean; benefitsCare: boolean; codes?: StandardCodes }[];
  information: readonly { id: InformationId; name: string; clause: ClauseId }[];
  /**
   * `needsConfirming`: a claim of it counts only once the Caldicott Guardian or the IG team has judged it and
   * confirmed it (`status: 'confirmed'`), not while it is `waiting` (or has no status). A claim they
   * rejected (`status: 'rejected'`) never justifies sharing, whether or not the circumstance needs confirming.
   */
  circumstances: readonly { id: CircumstanceId; name: string; clause: ClauseId; needsConfirming: boolean }[];
  /**
   * The consent states, in the request schema's order: `given`, `implied` (told how information moves in
   * their care, and has not objected: counts only for treatment and emergency care by those who provide
   * care, and is taken as `not-asked` for anything else), `refused`, `withdrawn`, `not-asked` (nobody has
   * told or asked them), `unable-to-consent`.
   */
  consent: readonly SharingRequest['consent'][];
  optOuts: readonly { id: keyof NonNullable<SharingRequest['opt_outs']>; description: string }[];
  facts: readonly { id: 'necessary_for_care' | 'sharing_agreement' | 'processor_disclosed'; description: string }[];
}
