package sharing.carerecord_test

import data.sharing.carerecord

_view := {
	"recipient": "shared-care-record",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
	"necessary_for_care": true,
}

test_applies_to_the_shared_care_record if {
	carerecord.applies(_view)
	not carerecord.applies(object.union(_view, {"recipient": "gp"}))
}

test_viewed_when_needed_for_care if {
	carerecord.verdict(_view) == {"outcome": "share", "clauses": ["shared-care-record"], "obligations": []}
}

test_not_when_not_needed if {
	verdict := carerecord.verdict(object.remove(_view, ["necessary_for_care"]))
	verdict == {"outcome": "do-not-share", "clauses": ["shared-care-record"], "obligations": []}
}

test_not_for_other_purposes if {
	carerecord.verdict(object.union(_view, {"purpose": "safeguarding"})).outcome == "do-not-share"
}

test_objection_is_honoured if {
	carerecord.verdict(object.union(_view, {"opt_outs": {"shared_care_record": true}})) == {
		"outcome": "do-not-share",
		"clauses": ["shared-care-record"],
		"obligations": ["other-care-routes"],
	}
}

test_refusal_is_honoured if {
	carerecord.verdict(object.union(_view, {"consent": "withdrawn"})) == {
		"outcome": "do-not-share",
		"clauses": ["shared-care-record", "refuse-withdraw"],
		"obligations": ["explain-refusal-implications", "other-care-routes"],
	}
}
