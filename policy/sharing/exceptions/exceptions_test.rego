package sharing.exceptions_test

import data.sharing.exceptions

_police_court := {
	"recipient": "police-judicial",
	"purpose": "court-proceedings",
	"information": ["care-record"],
	"consent": "refused",
	"circumstances": [{"id": "court-order", "status": "confirmed"}],
}

_claims(claims) := object.union(_police_court, {"circumstances": claims})

_no_share := {"outcome": "do-not-share", "clauses": ["x"], "obligations": [], "information": []}

test_confirmed_court_order_settles if {
	exceptions.settled(_police_court) == {"court-order"}
	exceptions.verdict(_police_court, {"court-order"}) == {
		"outcome": "share-minimum",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["limited-to-order", "minimum-necessary", "record-disclosure", "tell-patient"],
		"information": ["care-record"],
	}
}

test_a_court_order_reaches_whoever_it_names if {
	every recipient in ["local-authority", "family-carers", "gp", "care-team"] {
		named := object.union(_police_court, {"recipient": recipient, "purpose": "safeguarding"})
		exceptions.settled(named) == {"court-order"}
	}
	exceptions.established(object.union(_police_court, {"recipient": "data-processor"})) == set()
}

test_only_the_kinds_a_circumstance_needs if {
	report := {
		"recipient": "local-authority",
		"purpose": "public-health",
		"information": ["care-record", "diagnoses", "contact-details"],
		"consent": "not-asked",
		"circumstances": [{"id": "public-health"}],
	}
	exceptions.verdict(report, {"public-health"}).information == ["contact-details", "diagnoses"]
	exceptions.verdict(object.union(report, {"information": ["care-record"]}), {"public-health"}) == {
		"outcome": "do-not-share",
		"clauses": ["no-consent", "circumstance-public-health"],
		"obligations": ["minimum-necessary"],
		"information": [],
	}
}

test_a_rejected_claim_never_settles if {
	exceptions.settled(_claims([{"id": "court-order", "status": "rejected"}])) == set()
	exceptions.settled(_claims([
		{"id": "court-order", "status": "confirmed"},
		{"id": "court-order", "status": "rejected"},
	])) == set()
	child := object.union(_police_court, {"circumstances": [{"id": "child-at-risk", "status": "rejected"}]})
	exceptions.standing(child) == set()
	exceptions.standing(object.union(_police_court, {"circumstances": [{"id": "child-at-risk"}]})) == {"child-at-risk"}
	exceptions.unsettled(_claims([{"id": "court-order", "status": "rejected"}]), _no_share) == _no_share
}

test_unconfirmed_court_order_does_not_settle if {
	exceptions.settled(_claims([{"id": "court-order"}])) == set()
}

test_claimed_twice_counts_as_confirmed_only_if_both_are if {
	exceptions.settled(_claims([{"id": "court-order", "status": "confirmed"}, {"id": "court-order"}])) == set()
	exceptions.settled(_claims([
		{"id": "court-order", "status": "confirmed"},
		{"id": "court-order", "status": "confirmed"},
	])) == {"court-order"}
}

test_circumstance_needing_no_judgement_settles_at_once if {
	exceptions.settled({
		"recipient": "local-authority",
		"purpose": "public-health",
		"information": ["care-record"],
		"consent": "not-asked",
		"circumstances": [{"id": "public-health"}],
	}) == {"public-health"}
}

test_a_claim_must_reach_the_recipient_and_purpose if {
	crime := {
		"recipient": "gp",
		"purpose": "crime-investigation",
		"information": ["care-record"],
		"consent": "refused",
		"circumstances": [{"id": "serious-crime", "status": "confirmed"}],
	}
	exceptions.established(crime) == set()
	exceptions.standing(crime) == {"serious-crime"}
	exceptions.established(object.union(_police_court, {"purpose": "insurance"})) == {"court-order"}
	exceptions.settled(object.union(_police_court, {"purpose": "insurance"})) == set()
}

test_an_unlisted_reason_never_settles if {
	exceptions.settled(_claims([{"id": "other-legal-basis", "status": "confirmed"}])) == set()
}

test_unsettled_claims_a_person_must_judge if {
	exceptions.unsettled(_claims([{"id": "court-order"}]), _no_share) == {
		"outcome": "refer",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["refer-to-caldicott-guardian", "record-decision"],
		"information": [],
	}
	exceptions.unsettled(_claims([{"id": "other-legal-basis"}]), _no_share).outcome == "refer"
}

test_a_judged_unlisted_reason_is_acted_on_as_recorded if {
	exceptions.unsettled(_claims([{"id": "other-legal-basis", "status": "confirmed"}]), _no_share) == {
		"outcome": "refer",
		"clauses": ["no-consent", "no-consent"],
		"obligations": ["follow-recorded-judgement", "record-decision"],
		"information": [],
	}
}

test_a_concern_outside_its_usual_reach_goes_to_a_person if {
	harm := object.union(
		_claims([{"id": "harm-to-self", "status": "confirmed"}]),
		{"recipient": "family-carers", "purpose": "safeguarding"},
	)
	exceptions.unsettled(harm, _no_share) == {
		"outcome": "refer",
		"clauses": ["no-consent", "circumstance-harm-to-self"],
		"obligations": ["refer-to-caldicott-guardian", "record-decision"],
		"information": [],
	}
	exceptions.unsettled(object.remove(_police_court, ["circumstances"]), _no_share) == _no_share
}
