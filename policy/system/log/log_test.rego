package system.log_test

import data.sharing
import data.system.log

_gp := {"recipient": "gp", "purpose": "individual-care", "information": ["care-record"], "consent": "given"}

# A decision-log event as OPA hands it to the mask policy: the input and the decision made on it.
# (Each test decides its request with `with`, then hands the event to the mask.)
test_a_well_formed_request_is_logged_whole if {
	decision := sharing.decision with input as _gp
	count(log.mask) == 0 with input as {"input": _gp, "result": decision}
}

test_members_that_do_not_match_the_schema_are_left_out if {
	padded := object.union(_gp, {"padding": "xxxxxxxx", "a/b c": 1, "recipient": "not-a-recipient"})
	decision := sharing.decision with input as padded
	event := {"input": padded, "result": decision}
	kept := object.remove(_gp, ["recipient"])
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as event
}

test_a_list_over_its_limit_is_left_out if {
	long := object.union(_gp, {"information": [x | some x in numbers.range(1, 40)]})
	decision := sharing.decision with input as long
	event := {"input": long, "result": decision}
	kept := object.remove(_gp, ["information"])
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as event
}

test_a_missing_member_leaves_the_rest_logged if {
	missing := object.remove(_gp, ["consent"])
	decision := sharing.decision with input as missing
	count(decision.problems) == 1
	count(log.mask) == 0 with input as {"input": missing, "result": decision}
}

test_an_input_that_is_not_an_object_is_left_out_whole if {
	text := sharing.decision with input as "a very long string"
	log.mask == {"/input"} with input as {"input": "a very long string", "result": text}
	list := sharing.decision with input as [1, 2, 3]
	log.mask == {"/input"} with input as {"input": [1, 2, 3], "result": list}
	count(log.mask) == 0 with input as {"result": {}}
}
