# METADATA
# title: The notice's promises
# description: |
#   What the notice promises patients (content/promises.yaml), each written once as a rule that reads a
#   request and the policy's verdict on it, and names the promise in its METADATA (custom.promise). They
#   are written from the notice's words and data.notice, not from the packages that decide, so that a
#   change to those packages that breaks a promise is found. `npm run validate` proves them over each
#   request of the space (README, How the proof works), on the WASM runtime and OPA's Go evaluator alike.
package sharing.promises

# METADATA
# description: |
#   The outcome for the input, the ids of the promises it breaks (sorted), and whether the policy found the
#   input malformed (which the prover compares with the request schema's own answer). Short, as the prover
#   reads one for every request of the space.
# entrypoint: true
check := [_outcome, sort(broken), _malformed]

_malformed := data.sharing.malformed

_verdict := data.sharing.verdict

_outcome := _verdict[0]

_clauses := {id | some id in _verdict[1]}

_information := {id | some id in _verdict[3]}

# (Two comparisons: cheaper in the WASM module than membership of a set built for each request.)
_shared if _outcome == "share"

_shared if _outcome == "share-minimum"

_recipient := data.notice.recipients[input.recipient]

_purpose := data.notice.purposes[input.purpose]

_asked := {id | some id in input.information}

_not_for_care if _purpose.forbidden == true

_not_for_care if _purpose.benefits_care == false

# A purpose the promise never-marketing-insurance names by id, or one not for the patient's care.
_never_shared_for if input.purpose in data.notice.promises["never-marketing-insurance"].purposes

_never_shared_for if _not_for_care

# A listed circumstance claimed that stands, whoever is asked: nobody rejected any claim of it, and it is
# confirmed where it needs judgement (every claim of it).
_standing contains claim.id if {
	some claim in input.circumstances
	circumstance := data.notice.circumstances[claim.id]
	circumstance.listed
	not claim.id in _rejected
	_confirmed(claim.id, circumstance)
}

# One that stands, claimed for a recipient it is for.
_established contains id if {
	some id in _standing
	input.recipient in data.notice.circumstances[id].recipients
}

# The circumstances some claim of which a person rejected.
_rejected contains claim.id if {
	some claim in input.circumstances
	claim.status == "rejected"
}

_confirmed(_, circumstance) if circumstance.needs_review == false

_confirmed(id, circumstance) if {
	circumstance.needs_review == true
	not _unconfirmed_claim(id)
}

# (Negations rather than `every`: OPA's WASM compiler refuses `every` over a rule inside a function.)
_unconfirmed_claim(id) if {
	some claim in input.circumstances
	claim.id == id
	not claim.status == "confirmed"
}

# Consent that counts: given, or implied for treatment by those who provide it (the notice's "the team who
# are caring for you and are providing treatment to you", and organisations whose part is providing care).
_consented if input.consent == "given"

_consented if _implied_counts

_implied_counts if {
	input.consent == "implied"
	_purpose.treatment == true
	_provides_treatment
}

_provides_treatment if _recipient.kind == "care-team"

_provides_treatment if _recipient.care_role == "provides-care"

# An established circumstance for the purpose asked, which the verdict cites.
_settled_and_cited if {
	some id in _established
	circumstance := data.notice.circumstances[id]
	input.purpose in circumstance.purposes
	circumstance.clause in _clauses
}

# METADATA
# title: Never for marketing or insurance
# description: |
#   A purpose the promise names (marketing, insurance: promises.yaml, by id, whatever purposes.yaml says
#   of them), one that is forbidden, or one that does not benefit the patient's care, is never shared for.
# custom:
#   promise: never-marketing-insurance
broken contains "never-marketing-insurance" if {
	_shared
	_never_shared_for
}

# METADATA
# title: Without consent, only where the notice says
# description: A share without consent takes one of the routes the notice names.
# custom:
#   promise: without-consent-only
broken contains "without-consent-only" if {
	_shared
	not _consented
	not _without_consent_route
}

# METADATA
# title: With your consent, only for your care and where the notice says
# description: A share with consent takes one of the routes the notice names for it.
# custom:
#   promise: consent-routes-only
broken contains "consent-routes-only" if {
	_shared
	_consented
	not _with_consent_route
}

# METADATA
# title: We say why, and never the opposite
# description: A share without consent never cites the clause that shares only with consent.
# custom:
#   promise: reasons-agree
broken contains "reasons-agree" if {
	_shared
	not _consented
	"other-professionals" in _clauses
}

# METADATA
# title: Saying no stops sharing
# description: After a refusal or withdrawal, only a settled circumstance shares.
# custom:
#   promise: refusal-stops-sharing
broken contains "refusal-stops-sharing" if {
	_shared
	input.consent in {"refused", "withdrawn"}
	not _settled_and_cited
}

# METADATA
# title: Nobody decides against a refusal without a reason to
# description: |
#   After a refusal or withdrawal with no circumstance claimed, the answer is not to share: a person is
#   not asked to decide, as the notice gives no reason to override it.
# custom:
#   promise: refusal-stops-sharing
broken contains "refusal-stops-sharing" if {
	_outcome == "refer"
	input.consent in {"refused", "withdrawn"}
	count(object.get(input, "circumstances", [])) == 0
}

# METADATA
# title: Opting out never stops your care
# description: For a purpose of the patient's own care, the national data opt-out changes nothing.
# custom:
#   promise: opt-out-keeps-care
broken contains "opt-out-keeps-care" if {
	input.opt_outs.national_data_opt_out == true
	not _malformed
	_purpose.beyond_individual_care == false
	opted_in := object.union(input, {"opt_outs": object.union(input.opt_outs, {"national_data_opt_out": false})})

	# The same request without the opt-out, decided by the same policy. It is well-formed as the request
	# is (one boolean changed), so the policy need not check it again.
	without := data.sharing.wellformed_verdict(opted_in)
	[without.outcome, without.information] != [_outcome, _verdict[3]]
}

# METADATA
# title: Only what was asked for, and we say what
# description: |
#   A share names the kinds that may go: all of those asked for (share) or some of them (share-minimum),
#   never one that was not asked for; anything else names none.
# custom:
#   promise: only-what-was-asked
broken contains "only-what-was-asked" if {
	_shared
	count(_verdict[3]) == 0
}

broken contains "only-what-was-asked" if {
	some id in _verdict[3]
	not id in _asked
}

broken contains "only-what-was-asked" if {
	_outcome == "share"
	_information != _asked
}

broken contains "only-what-was-asked" if {
	not _shared
	count(_verdict[3]) > 0
}

# METADATA
# title: Data processors act only for us
# description: A processor receives information only as the trust instructs, never through a circumstance.
# custom:
#   promise: processors-act-for-us
broken contains "processors-act-for-us" if {
	_shared
	_recipient.kind == "processor"
	not _processor_for_us
}

# METADATA
# title: When the notice pulls both ways, a person decides
# description: |
#   A circumstance established for the recipient (a confirmed court order, say), for a purpose that does
#   not benefit care, goes to a person, citing the prohibition and the circumstance.
# custom:
#   promise: conflicts-go-to-a-person
broken contains "conflicts-go-to-a-person" if {
	_not_for_care
	some id in _established
	not data.notice.circumstances[id].clause in _referred_citing
}

# METADATA
# title: Other reasons go to a person
# description: |
#   Claims only of reasons the notice does not list never turn a request into a share, and a request the
#   notice does not otherwise forbid or allow goes to a person.
# custom:
#   promise: unlisted-reasons-go-to-a-person
broken contains "unlisted-reasons-go-to-a-person" if {
	not _malformed
	_only_unlisted_claims
	_unlisted_changed
}

# METADATA
# title: A request we cannot read is not shared
# description: A request that does not match the request schema is not shared, on any engine.
# custom:
#   promise: unreadable-requests-not-shared
broken contains "unreadable-requests-not-shared" if {
	_outcome != "do-not-share"
	_malformed
}

# The helpers the promises read.

_without_consent_route if {
	_recipient.kind == "care-team"
	_purpose.direct_care == true
}

_without_consent_route if _settled_and_cited

# A programme that names what it receives (the surveys, the NHS England returns): its recipient, for its
# purposes, only those kinds, and not for an opted-out patient where the opt-out applies.
_without_consent_route if {
	some programme in data.notice.programmes
	_sends_what_it_names(programme, _information)
	not _opted_out_of(programme)
}

_without_consent_route if _my_care_record_route

_without_consent_route if {
	input.consent == "unable-to-consent"
	_outcome == "share-minimum"
	_purpose.treatment == true
	input.necessary_for_care == true
	_provides_care
}

# Emergency treatment, in the vital interests of a patient who cannot consent, by those providing it.
_without_consent_route if {
	input.consent == "unable-to-consent"
	_outcome == "share-minimum"
	_purpose.emergency == true
	input.necessary_for_care == true
	_recipient.care_role == "provides-care"
}

_without_consent_route if _processor_for_us

# With consent: the team caring for the patient and those taking part in their care, for their care,
# when it is needed (under an agreement, for an organisation); a programme, only what it names (the
# patient's consent sets an opt-out aside); My Care Record; a processor acting for the trust; or a
# circumstance that settles the request.
_with_consent_route if {
	_recipient.kind == "care-team"
	_purpose.direct_care == true
}

_with_consent_route if {
	_recipient.kind == "organisation"
	_recipient.care_role != "none"
	_for_the_consent_route
	input.necessary_for_care == true
	input.sharing_agreement == true
}

# The nearest relative, for what the Mental Health Act has them receive.
_with_consent_route if {
	act := data.notice.circumstances["mental-health-act"]
	input.recipient in act.recipients
	input.purpose in act.purposes
}

_with_consent_route if {
	_relative
	_purpose.direct_care == true
	input.necessary_for_care == true
}

_with_consent_route if {
	some programme in data.notice.programmes
	_sends_what_it_names(programme, _information)
}

_with_consent_route if _my_care_record_route

_with_consent_route if _processor_for_us

_with_consent_route if _settled_and_cited

# (The kinds the verdict names are an argument: a function may not read a rule built on the verdict, an
# entrypoint, when the module is compiled to WASM.)
_sends_what_it_names(programme, information) if {
	count(programme.information) > 0
	input.recipient == programme.recipient
	input.purpose in programme.purposes
	count(information - {id | some id in programme.information}) == 0
}

_my_care_record_route if {
	programme := data.notice.programmes["my-care-record"]
	input.recipient == programme.recipient
	input.purpose in programme.purposes
	input.necessary_for_care == true
	not input.opt_outs.shared_care_record == true
}

# The purposes of clause other-professionals: the patient's care and support, or the welfare of others.
_for_the_consent_route if _purpose.direct_care == true

_for_the_consent_route if _purpose.welfare_of_others == true

_opted_out_of(programme) if {
	programme.national_data_opt_out_applies
	input.opt_outs.national_data_opt_out == true
}

# Those who provide the patient's care: organisations that do, under an agreement, and family and carers.
_provides_care if {
	_recipient.care_role == "provides-care"
	input.sharing_agreement == true
}

_provides_care if _relative

_relative if _recipient.kind == "carer"

_relative if _recipient.kind == "nearest-relative"

_processor_for_us if {
	_recipient.kind == "processor"
	input.purpose in _recipient.purposes
	input.processor_disclosed == true
	input.sharing_agreement == true
	not "no-consent" in _clauses
}

# The clauses a referral cites beside the prohibition.
_referred_citing contains clause if {
	_outcome == "refer"
	"never-marketing-insurance" in _clauses
	some clause in _clauses
}

# The outcome the request would get without its claims.
# (Well-formed as the request is, gated above, so not checked again.)
_without_claims := data.sharing.wellformed_verdict(object.remove(input, ["circumstances"])).outcome

_only_unlisted_claims if {
	count(input.circumstances) > 0
	not _listed_claim
	count(_rejected) == 0
}

_listed_claim if {
	some claim in input.circumstances
	data.notice.circumstances[claim.id].listed
}

_would_share if _without_claims == "share"

_would_share if _without_claims == "share-minimum"

# The claim turned a request that would not be shared into a share.
_unlisted_changed if {
	_shared
	not _would_share
}

# A request the notice neither forbids nor allows did not reach a person.
_unlisted_changed if {
	not _would_share
	_outcome != "refer"
	not _not_for_care
	_recipient.kind != "processor"
}
