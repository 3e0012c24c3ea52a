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
	log.mask == {{"op": "upsert", "path": "/input", "value": kept}} with input as {"input": padded, "result": decision}
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

test_the_problems_logged_are_capped_and_cut if {
	many := object.union(_gp, {sprintf("unknown-%d", [i]): i | some i in numbers.range(1, 20)})
	decision := sharing.decision with input as many
	count(decision.problems) == 20
	masks := log.mask with input as {"input": many, "result": decision}
	some logged in masks
	logged.path == "/result/problems"
	count(logged.value) == 17
	logged.value[16] == {"path": "", "keyword": "more", "count": 4}
	long_name := concat("", [x | some _ in numbers.range(1, 100); x := "n"])
	named := object.union(_gp, {long_name: 1})
	one := sharing.decision with input as named
	cut := log.mask with input as {"input": named, "result": one}
	some problems in cut
	problems.path == "/result/problems"
	problems.value == [{"path": substring(concat("", ["/", long_name]), 0, 64), "keyword": "additionalProperties"}]
}

test_without_a_decision_only_what_the_request_schema_has if {
	long := concat("", [x | some _ in numbers.range(1, 1100); x := "r"])
	event := {"input": object.union(_gp, {"padding": "xx", "recipient": long})}
	log.mask == {{"op": "upsert", "path": "/input", "value": object.remove(_gp, ["recipient"])}} with input as event
	count(log.mask) == 0 with input as {"input": _gp}
	log.mask == {{"op": "upsert", "path": "/input", "value": {}}} with input as event with data.notice.request as {}
}

test_an_input_that_is_not_an_object_is_left_out_whole if {
	text := sharing.decision with input as "a very long string"
	log.mask == {"/input"} with input as {"input": "a very long string", "result": text}
	log.mask == {"/input"} with input as {"input": [1, 2, 3]}
	count(log.mask) == 0 with input as {"result": {}}
}
