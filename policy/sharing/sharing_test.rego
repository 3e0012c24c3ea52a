package sharing_test

import data.sharing

_gp := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
	"necessary_for_care": true,
	"sharing_agreement": true,
}

test_defaults_to_not_sharing if {
	sharing.decision.outcome == "do-not-share" with input as "not a request"
}

test_a_recipient_no_part_of_the_notice_speaks_of_gets_nothing if {
	decision := sharing.decision with input as _gp
		with data.notice.recipients.gp as {"name": "GPs", "kind": "unheard-of", "clause": "recipient-gps"}
	decision == {
		"outcome": "do-not-share",
		"reasons": [],
		"obligations": [],
		"policy": {"notice_version": data.notice.version},
	}
}

test_reasons_carry_the_clause_words if {
	decision := sharing.decision with input as _gp
	decision.outcome == "share"
	[reason.clause | some reason in decision.reasons] == ["other-professionals", "strict-agreements", "recipient-gps"]
	decision.reasons[2].text == "GP’s"
	decision.obligations == [{
		"id": "follow-sharing-agreement",
		"text": data.notice.obligations["follow-sharing-agreement"].text,
		"clause": "strict-agreements",
	}]
}

test_decision_names_the_notice_version if {
	decision := sharing.decision with input as _gp
	decision.policy == {"notice_version": data.notice.version}
}

test_verdict_is_the_decision_as_ids if {
	verdict := sharing.verdict with input as _gp
	verdict == ["share", ["other-professionals", "strict-agreements", "recipient-gps"], ["follow-sharing-agreement"]]
	sharing.verdict == ["do-not-share", [], []] with input as _gp
		with data.notice.recipients.gp as {"name": "GPs", "kind": "unheard-of", "clause": "recipient-gps"}
}

test_prohibitions_come_before_everything if {
	decision := sharing.decision with input as object.union(_gp, {
		"purpose": "marketing",
		"circumstances": [{"id": "court-order", "confirmed": true}],
	})
	decision.outcome == "do-not-share"
	[reason.clause | some reason in decision.reasons] == ["never-marketing-insurance"]
}

test_circumstances_apply_even_when_consent_is_refused if {
	decision := sharing.decision with input as object.union(_gp, {
		"recipient": "local-authority",
		"purpose": "public-health",
		"consent": "refused",
		"circumstances": [{"id": "public-health"}],
	})
	decision.outcome == "share-minimum"
}

_routes := [
	["share", {"recipient": "survey-contractor", "purpose": "patient-survey", "information": ["contact-details"]}],
	["share", {"recipient": "nhs-england", "purpose": "nhs-contract-returns", "information": ["diagnoses"]}],
	["share", {"recipient": "shared-care-record"}],
	["share", {"recipient": "care-team"}],
	["share", {"recipient": "data-processor", "processor_disclosed": true}],
	["refer", {"recipient": "nearest-relative"}],
	["share", {}],
]

test_each_part_of_the_notice_decides_its_recipients if {
	every route in _routes {
		decision := sharing.decision with input as object.union(_gp, route[1])
		decision.outcome == route[0]
	}
}
