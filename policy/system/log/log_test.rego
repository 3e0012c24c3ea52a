package system.log_test

import data.system.log

_gp := {"recipient": "gp", "purpose": "individual-care", "information": ["care-record"], "consent": "given"}

test_a_well_formed_request_is_logged_whole if {
	count(log.mask) == 0 with input as {"input": _gp}
}

test_members_that_do_not_match_the_schema_are_left_out if {
	padded := object.union(_gp, {"padding": "xxxxxxxx", "a/b c": 1, "recipient": "not-a-recipient"})
	kept := object.remove(_gp, ["recipient"])
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as {"input": padded}
}

test_a_list_over_its_limit_is_left_out if {
	long := object.union(_gp, {"information": [x | some x in numbers.range(1, 40)]})
	kept := object.remove(_gp, ["information"])
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as {"input": long}
}

test_an_input_that_is_not_an_object_is_left_out_whole if {
	log.mask == {"/input"} with input as {"input": "a very long string"}
	log.mask == {"/input"} with input as {"input": [1, 2, 3]}
	count(log.mask) == 0 with input as {"result": {}}
}
