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
	exceptions.verdict(_police_court) == {
		"outcome": "share-minimum",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["minimum-necessary", "record-disclosure"],
	}
}

test_unconfirmed_court_order_is_referred if {
	exceptions.verdict(object.union(_police_court, {"circumstances": [{"id": "court-order"}]})) == {
		"outcome": "refer",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["refer-to-caldicott-guardian", "record-disclosure"],
	}
}

test_circumstance_needing_no_judgement_settles_at_once if {
	exceptions.settled({
		"recipient": "local-authority",
		"purpose": "public-health",
		"circumstances": [{"id": "public-health"}],
	}) == {"public-health"}
}

test_claim_for_the_wrong_recipient_is_referred if {
	request := object.union(_police_court, {"circumstances": [{"id": "mental-health-act", "confirmed": true}]})
	exceptions.settled(request) == set()
	exceptions.verdict(request).clauses == ["no-consent", "circumstance-mental-health-act"]
}

test_claim_for_the_wrong_purpose_is_referred if {
	request := object.union(_police_court, {"purpose": "crime-investigation"})
	exceptions.settled(request) == set()
	exceptions.verdict(request).outcome == "refer"
}

test_claim_for_an_unknown_recipient_is_not_settled if {
	exceptions.settled(object.union(_police_court, {"recipient": "insurer"})) == set()
}

test_one_settled_claim_is_enough if {
	exceptions.verdict(object.union(
		_police_court,
		{"circumstances": [{"id": "court-order", "confirmed": true}, {"id": "serious-crime"}]},
	)).outcome == "share-minimum"
}

test_applies_only_when_claimed if {
	exceptions.applies(_police_court)
	not exceptions.applies(object.remove(_police_court, ["circumstances"]))
}
