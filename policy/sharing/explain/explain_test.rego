package sharing.explain_test

import data.sharing.explain

_gp := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
	"necessary_for_care": true,
}

test_an_agreement_would_let_a_gp_share if {
	some alternative in explain.changes(_gp)
	alternative.change == {"fact": "sharing_agreement", "value": true}
	alternative.outcome == "share"
}

test_nothing_changes_marketing if {
	explain.changes(object.union(_gp, {"purpose": "marketing"})) == []
}

test_a_malformed_request_has_no_changes if {
	explain.changes({"recipient": "gp"}) == []
	explain.alternatives == [] with input as {"recipient": "nobody"}
}

test_a_confirmed_claim_and_an_opt_out_are_changes if {
	police := {
		"recipient": "police-judicial",
		"purpose": "crime-investigation",
		"information": ["care-record"],
		"consent": "refused",
		"circumstances": [
			{"id": "serious-crime"},
			{"id": "harm-to-others", "status": "confirmed"},
			{"id": "court-order", "status": "rejected"},
		],
		"opt_outs": {"national_data_opt_out": false},
	}
	changes := {alternative.change | some alternative in explain.changes(police)}
	{"fact": "status", "circumstance": "serious-crime", "value": "confirmed"} in changes
	not {"fact": "status", "circumstance": "court-order", "value": "confirmed"} in changes
	mixed := object.union(police, {"circumstances": [
		{"id": "serious-crime"},
		{"id": "serious-crime", "status": "rejected"},
	]})
	mixed_changes := {alternative.change | some alternative in explain.changes(mixed)}
	not {"fact": "status", "circumstance": "serious-crime", "value": "confirmed"} in mixed_changes
	not {"fact": "status", "circumstance": "harm-to-others", "value": "confirmed"} in changes
}

test_an_opt_out_changes_a_return if {
	returned := {
		"recipient": "nhs-england",
		"purpose": "nhs-contract-returns",
		"information": ["referrals"],
		"consent": "not-asked",
	}
	some alternative in explain.changes(returned)
	alternative.change == {"fact": "national_data_opt_out", "value": true}
}

test_no_input_has_no_changes if {
	explain.alternatives == []
}
