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
	sharing.verdict == ["do-not-share", [], [], []] with input as _gp
		with data.notice.recipients.gp as {
			"name": "GPs",
			"kind": "unheard-of",
			"clause": "recipient-gps",
			"care_role": "none",
			"purposes": [],
		}
}

test_a_malformed_request_is_not_shared_and_says_why if {
	decision := sharing.decision with input as object.union(_gp, {"consent": "Given"})
	decision == {
		"outcome": "do-not-share",
		"reasons": [],
		"obligations": [],
		"information": [],
		"policy": {"notice_version": data.notice.version},
		"problems": [{"path": "/consent", "keyword": "schema"}],
	}
	sharing.decision.problems == [{"path": "", "keyword": "type"}] with input as "not a request"
	sharing.decision.problems == [{"path": "", "keyword": "required"}]
}

test_reasons_carry_the_clause_words if {
	decision := sharing.decision with input as _gp
	decision.outcome == "share"
	[reason.clause | some reason in decision.reasons] == ["other-professionals", "strict-agreements", "recipient-gps"]
	decision.reasons[2].text == "GP’s"
	decision.information == ["care-record"]
	decision.obligations == [{
		"id": "follow-sharing-agreement",
		"text": data.notice.obligations["follow-sharing-agreement"].text,
		"clause": "strict-agreements",
	}]
	decision.policy == {"notice_version": data.notice.version}
	not decision.problems
}

test_verdict_is_the_decision_as_ids if {
	verdict := sharing.verdict with input as _gp
	verdict == [
		"share",
		["other-professionals", "strict-agreements", "recipient-gps"],
		["follow-sharing-agreement"],
		["care-record"],
	]
}

test_prohibitions_come_before_circumstances if {
	decision := sharing.decision with input as object.union(_gp, {
		"purpose": "marketing",
		"circumstances": [{"id": "court-order"}],
	})
	decision.outcome == "do-not-share"
	[reason.clause | some reason in decision.reasons] == ["never-marketing-insurance"]
	conflict := sharing.decision with input as object.union(_gp, {
		"purpose": "marketing",
		"circumstances": [{"id": "court-order", "status": "confirmed"}],
	})
	conflict.outcome == "refer"
}

test_circumstances_apply_even_when_consent_is_refused if {
	decision := sharing.decision with input as object.union(_gp, {
		"recipient": "local-authority",
		"purpose": "public-health",
		"information": ["diagnoses", "care-record"],
		"consent": "refused",
		"circumstances": [{"id": "public-health"}],
	})
	decision.outcome == "share-minimum"
	decision.information == ["diagnoses"]
}

test_a_claim_a_person_must_judge_and_one_they_rejected if {
	refer := sharing.decision with input as object.union_n([
		_gp,
		{"circumstances": [{"id": "harm-to-others"}]},
		{"purpose": "safeguarding", "consent": "refused"},
	])
	refer.outcome == "refer"
	rejected := sharing.decision with input as object.union_n([
		_gp,
		{"circumstances": [{"id": "harm-to-others", "status": "rejected"}]},
		{"purpose": "safeguarding", "consent": "refused"},
	])
	rejected.outcome == "do-not-share"
}

_routes := [
	["share", {"recipient": "survey-contractor", "purpose": "patient-survey", "information": ["contact-details"]}],
	["share", {"recipient": "nhs-england", "purpose": "nhs-contract-returns", "information": ["diagnoses"]}],
	["share", {"recipient": "shared-care-record"}],
	["share", {"recipient": "care-team"}],
	["share", {"recipient": "data-processor", "processor_disclosed": true}],
	["share", {"recipient": "nearest-relative"}],
	["share", {"recipient": "family-carers"}],
	["share", {}],
]

test_each_part_of_the_notice_decides_its_recipients if {
	every route in _routes {
		decision := sharing.decision with input as object.union(_gp, route[1])
		decision.outcome == route[0]
	}
}

test_a_circumstance_only_adds_to_what_the_usual_rules_share if {
	care := {
		"recipient": "care-team",
		"purpose": "emergency-care",
		"information": ["activities"],
		"consent": "implied",
		"circumstances": [{"id": "harm-to-self", "status": "confirmed"}],
	}
	sharing.verdict == ["share", ["care-team"], [], ["activities"]] with input as care

	# After a refusal the usual rules share nothing: the circumstance decides, and sends only what it needs.
	refused := object.union(care, {"consent": "refused", "information": ["care-record", "activities"]})
	sharing.verdict[0] == "share-minimum" with input as refused
	sharing.verdict[3] == ["care-record"] with input as refused
}
