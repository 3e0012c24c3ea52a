package system.log_test

import data.sharing
import data.system.log

_gp := {"recipient": "gp", "purpose": "individual-care", "information": ["care-record"], "consent": "given"}

# Each test decides its request with `with`, then hands the mask a decision-log event as OPA does: the
# input and the decision made on it.

test_a_well_formed_request_is_logged_whole if {
	decision := sharing.decision with input as _gp
	count(log.mask) == 0 with input as {"input": _gp, "result": decision}
}

test_members_that_do_not_match_the_schema_are_left_out if {
	padded := object.union(_gp, {"padding": "xxxxxxxx", "a/b c": 1, "recipient": "not-a-recipient"})
	decision := sharing.decision with input as padded
	kept := object.remove(_gp, ["recipient"])
	log.mask == {
		{"op": "upsert", "path": "/input", "value": kept},
		{"op": "upsert", "path": "/result/problems", "value": [
			{"path": "/recipient", "keyword": "schema"},
			{"path": "", "keyword": "additionalProperties", "count": 2},
		]},
	} with input as {"input": padded, "result": decision}
}

test_a_list_over_its_limit_is_left_out if {
	long := object.union(_gp, {"information": [x | some x in numbers.range(1, 40)]})
	decision := sharing.decision with input as long
	kept := object.remove(_gp, ["information"])
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as {"input": long, "result": decision}
}

test_a_missing_member_leaves_the_rest_logged if {
	missing := object.remove(_gp, ["consent"])
	decision := sharing.decision with input as missing
	count(decision.problems) == 1
	count(log.mask) == 0 with input as {"input": missing, "result": decision}
}

test_unknown_members_are_counted_not_named if {
	many := object.union(_gp, {sprintf("unknown-%d", [i]): i | some i in numbers.range(1, 20)})
	decision := sharing.decision with input as many
	count(decision.problems) == 20
	log.mask == {
		{"op": "upsert", "path": "/input", "value": _gp},
		{"op": "upsert", "path": "/result/problems", "value": [{"path": "", "keyword": "additionalProperties", "count": 20}]},
	} with input as {"input": many, "result": decision}

	# Beside the problems of the schema's own members, which are logged as they are.
	mixed := object.union(object.remove(_gp, ["consent"]), {"recipient": 1, "Jane Doe 943 476 5919": 1})
	both := sharing.decision with input as mixed
	some logged in log.mask with input as {"input": mixed, "result": both}
	logged.path == "/result/problems"
	logged.value == [
		{"path": "/consent", "keyword": "required"},
		{"path": "/recipient", "keyword": "schema"},
		{"path": "", "keyword": "additionalProperties", "count": 1},
	]
}

test_without_a_decision_only_what_the_request_schema_has if {
	long := concat("", [x | some _ in numbers.range(1, 1100); x := "r"])
	event := {"input": object.union(_gp, {"padding": "xx", "recipient": long})}
	log.mask == {{"op": "upsert", "path": "/input", "value": object.remove(_gp, ["recipient"])}} with input as event
	count(log.mask) == 0 with input as {"input": _gp}
	log.mask == {{"op": "upsert", "path": "/input", "value": {}}} with input as event with data.notice.request as {}
}

test_without_a_decision_no_member_whose_value_the_schema_does_not_allow if {
	# A cancelled evaluation of a padded request: a patient's details where an id goes, a name in a list
	# of kinds, text where a boolean goes. Only the members with values the schema allows are kept.
	event := {"input": object.union(_gp, {
		"recipient": "Jane Doe NHS 943 476 5919 DOB 1970-01-01",
		"information": ["care-record", "Jane Doe"],
		"necessary_for_care": "yes, Jane Doe",
		"circumstances": [{"id": "court-order", "status": "confirmed"}],
		"padding": "xx",
	})}
	kept := {
		"purpose": "individual-care", "consent": "given",
		"circumstances": [{"id": "court-order", "status": "confirmed"}],
	}
	masks := log.mask with input as event
	masks == {{"op": "upsert", "path": "/input", "value": kept}}
	not contains(json.marshal(masks), "Jane")
}

test_without_a_decision_nothing_is_kept_where_the_policy_decides_nothing if {
	# A bundle that cannot decide (its data without a notice version): the members cannot be checked.
	event := {"input": object.union(_gp, {"recipient": "John Smith 943 476 5919"})}
	log.mask == {{"op": "upsert", "path": "/input", "value": {}}} with input as event with sharing.decision as null
}

test_an_input_that_is_not_an_object_is_left_out_whole if {
	text := sharing.decision with input as "a very long string"
	log.mask == {"/input"} with input as {"input": "a very long string", "result": text}
	log.mask == {"/input"} with input as {"input": [1, 2, 3]}
	count(log.mask) == 0 with input as {"result": {}}
}
