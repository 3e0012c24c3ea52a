package sharing.carerecord_test

import data.sharing.carerecord

_view := {
	"recipient": "shared-care-record",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
	"necessary_for_care": true,
}

test_applies_to_my_care_record if {
	carerecord.applies(_view)
	not carerecord.applies(object.union(_view, {"recipient": "gp"}))
}

test_viewed_when_needed_for_care if {
	carerecord.verdict(_view) == {
		"outcome": "share",
		"clauses": ["shared-care-record"],
		"obligations": [],
		"information": ["care-record"],
	}
}

test_refused if {
	carerecord.verdict(object.union(_view, {"consent": "refused"})) == {
		"outcome": "do-not-share",
		"clauses": ["shared-care-record", "refuse-withdraw"],
		"obligations": ["explain-refusal-implications", "other-care-routes"],
		"information": [],
	}
}

test_objection if {
	carerecord.verdict(object.union(_view, {"opt_outs": {"shared_care_record": true}})) == {
		"outcome": "do-not-share",
		"clauses": ["shared-care-record"],
		"obligations": ["other-care-routes"],
		"information": [],
	}
}

test_not_needed_or_not_for_care if {
	every changes in [{"necessary_for_care": false}, {"purpose": "safeguarding"}] {
		carerecord.verdict(object.union(_view, changes)) == {
			"outcome": "do-not-share",
			"clauses": ["shared-care-record"],
			"obligations": [],
			"information": [],
		}
	}
}
