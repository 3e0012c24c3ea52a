package sharing.wellformed_test

import data.sharing.wellformed

# Each way the generated check (malformed.rego) can find a request malformed, once each: a member of
# each type missing, wrong, or with a wrong entry or field. For each, `problems` says where too.
_malformed := [
	object.remove(_request, ["recipient"]),
	object.remove(_request, ["purpose"]),
	object.remove(_request, ["information"]),
	object.remove(_request, ["consent"]),
	object.union(_request, {"recipient": 1}),
	object.union(_request, {"purpose": "Individual-care"}),
	object.union(_request, {"consent": true}),
	object.union(_request, {"information": {"care-record": true}}),
	object.union(_request, {"information": []}),
	object.union(_request, {"information": ["care-record", "diagnoses", "care-record"]}),
	object.union(_request, {"information": [["care-record"]]}),
	object.union(_request, {"circumstances": "serious-crime"}),
	object.union(_request, {"circumstances": [
		{"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"},
		{"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"},
		{"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"},
		{"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"}, {"id": "serious-crime"},
		{"id": "serious-crime"},
	]}),
	object.union(_request, {"circumstances": [null]}),
	object.union(_request, {"circumstances": [{"id": "serious-crime", "note": "x"}]}),
	object.union(_request, {"circumstances": [{"status": "confirmed"}]}),
	object.union(_request, {"circumstances": [{"id": "Serious-crime"}]}),
	object.union(_request, {"circumstances": [{"id": "serious-crime", "confirmed": 1}]}),
	object.union(_request, {"opt_outs": []}),
	object.union(_request, {"opt_outs": {"national": true}}),
	object.union(_request, {"opt_outs": {"national_data_opt_out": null}}),
	object.union(_request, {"opt_outs": {"shared_care_record": "false"}}),
	object.union(_request, {"necessary_for_care": 0}),
	object.union(_request, {"sharing_agreement": "yes"}),
	object.union(_request, {"processor_disclosed": [true]}),
	object.union(_request, {"note": "x"}),
]

test_each_way_of_being_malformed_is_found_and_placed if {
	every request in _malformed {
		wellformed.malformed(request)
		count(wellformed.problems(request)) > 0
	}
}

test_only_optional_members_left_out_is_well_formed if {
	optional := ["circumstances", "opt_outs", "necessary_for_care", "sharing_agreement", "processor_disclosed"]
	request := object.remove(_request, optional)
	not wellformed.malformed(request)
	wellformed.problems(request) == set()
	not wellformed.malformed(object.union(_request, {"sharing_agreement": false, "opt_outs": {}, "circumstances": []}))
}
