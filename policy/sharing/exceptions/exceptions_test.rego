package sharing.exceptions_test

import data.sharing.exceptions

_police_court := {
	"recipient": "police-judicial",
	"purpose": "court-proceedings",
	"information": ["care-record"],
	"consent": "refused",
	"circumstances": [{"id": "court-order", "confirmed": true}],
}

test_confirmed_court_order_shares_the_minimum if {
	exceptions.verdict == {
		"outcome": "share-minimum",
		"clauses": {"no-consent", "circumstance-court-order"},
		"obligations": {"minimum-necessary", "record-disclosure"},
	} with input as _police_court
}

test_unconfirmed_court_order_is_referred if {
	exceptions.verdict == {
		"outcome": "refer",
		"clauses": {"no-consent", "circumstance-court-order"},
		"obligations": {"refer-to-caldicott-guardian", "record-disclosure"},
	} with input as object.union(_police_court, {"circumstances": [{"id": "court-order"}]})
}

test_circumstance_needing_no_judgement_settles_at_once if {
	exceptions.settled == {"public-health"} with input as {
		"recipient": "local-authority",
		"purpose": "public-health",
		"circumstances": [{"id": "public-health"}],
	}
}

test_claim_for_the_wrong_recipient_is_referred if {
	exceptions.unsettled == {"mental-health-act"} with input as object.union(
		_police_court,
		{"circumstances": [{"id": "mental-health-act", "confirmed": true}]},
	)
}

test_claim_for_the_wrong_purpose_is_referred if {
	exceptions.unsettled == {"court-order"} with input as object.union(_police_court, {"purpose": "crime-investigation"})
}

test_claim_for_an_unknown_recipient_is_not_settled if {
	exceptions.unsettled == {"court-order"} with input as object.union(_police_court, {"recipient": "insurer"})
}

test_one_settled_claim_is_enough if {
	exceptions.verdict.outcome == "share-minimum" with input as object.union(
		_police_court,
		{"circumstances": [{"id": "court-order", "confirmed": true}, {"id": "serious-crime"}]},
	)
}

test_applies_only_when_claimed if {
	exceptions.applies with input as _police_court
	not exceptions.applies with input as object.remove(_police_court, ["circumstances"])
}
