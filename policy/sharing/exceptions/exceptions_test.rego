package sharing.exceptions_test

import data.sharing.exceptions

_police_court := {
	"recipient": "police-judicial",
	"purpose": "court-proceedings",
	"information": ["care-record"],
	"consent": "refused",
	"circumstances": [{"id": "court-order", "confirmed": true}],
}

_claims(claims) := object.union(_police_court, {"circumstances": claims})

_no_share := {"outcome": "do-not-share", "clauses": ["x"], "obligations": [], "information": []}

test_confirmed_court_order_settles if {
	exceptions.settled(_police_court) == {"court-order"}
	exceptions.verdict(_police_court, {"court-order"}) == {
		"outcome": "share-minimum",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["minimum-necessary", "record-disclosure"],
		"information": ["care-record"],
	}
}

test_unconfirmed_court_order_does_not_settle if {
	exceptions.settled(_claims([{"id": "court-order"}])) == set()
}

test_claimed_twice_counts_as_confirmed_only_if_both_are if {
	exceptions.settled(_claims([{"id": "court-order", "confirmed": true}, {"id": "court-order"}])) == set()
	exceptions.settled(_claims([
		{"id": "court-order", "confirmed": true},
		{"id": "court-order", "confirmed": true},
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
	exceptions.established(object.union(_police_court, {"recipient": "gp"})) == set()
	exceptions.established(object.union(_police_court, {"purpose": "insurance"})) == {"court-order"}
	exceptions.settled(object.union(_police_court, {"purpose": "insurance"})) == set()
}

test_an_unlisted_reason_never_settles if {
	exceptions.settled(_claims([{"id": "other-legal-basis", "confirmed": true}])) == set()
}

test_unsettled_keeps_a_share_of_the_route if {
	route := {"outcome": "share", "clauses": ["care-team"], "obligations": [], "information": ["care-record"]}
	exceptions.unsettled(_claims([{"id": "court-order"}]), route) == route
	minimum := object.union(route, {"outcome": "share-minimum"})
	exceptions.unsettled(_claims([{"id": "court-order"}]), minimum) == minimum
}

test_unsettled_claims_a_person_must_judge if {
	exceptions.unsettled(_claims([{"id": "court-order"}]), _no_share) == {
		"outcome": "refer",
		"clauses": ["no-consent", "circumstance-court-order"],
		"obligations": ["refer-to-caldicott-guardian", "record-disclosure"],
		"information": [],
	}
	exceptions.unsettled(_claims([{"id": "other-legal-basis"}]), _no_share).outcome == "refer"
}

test_a_claim_that_does_not_reach_changes_nothing if {
	exceptions.unsettled(
		object.union(_claims([{"id": "court-order"}]), {"recipient": "education"}),
		_no_share,
	) == _no_share
	exceptions.unsettled(object.remove(_police_court, ["circumstances"]), _no_share) == _no_share
}
