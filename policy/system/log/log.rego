# METADATA
# title: What an OPA server's decision log keeps of a request
# description: |
#   OPA's decision-log mask policy (its default path, `system.log.mask`), loaded beside the authorization
#   policy, so that it applies from the server's start, before any bundle is loaded. A decision log is the
#   audit of what was asked and decided, not a store for whatever a client sends:
#   - a decision with problems (a malformed request): the members they name are left out of the logged
#     input, and the problems logged name only the request and its schema's members: the problems of
#     unknown members (whose names are the client's words, as long as the body allows) are logged as
#     their count;
#   - no decision (an evaluation cancelled or failed): only the members the notice's request has whose
#     values its schema allows (ids it lists, booleans, lists and objects of them: never a client's free
#     text, such as a patient's name where an id goes), each under 1 KiB as JSON, are kept; before the
#     bundle is loaded the request's members are not known, so nothing of the input is kept;
#   - an input that is not an object is left out whole.
#   A well-formed request's decision is logged whole.
package system.log

# METADATA
# title: The members a decision's problems name are not logged
# description: The logged input keeps the members that match the request schema, and nothing else.
mask contains {"op": "upsert", "path": "/input", "value": object.remove(input.input, _dropped)} if {
	is_object(input.input)
	count(_dropped) > 0
}

# METADATA
# title: The problems logged name no unknown member
# description: |
#   The problems of members the request schema does not have are logged as one problem with their count:
#   their paths are the client's words.
mask contains {"op": "upsert", "path": "/result/problems", "value": _problems_logged} if {
	some problem in input.result.problems
	not _schema_path(problem.path)
}

# METADATA
# title: Without a decision, only what the notice's request has, with values it allows
# description: |
#   No decision was made (no bundle yet, or the evaluation was cancelled or failed): only the members of the
#   request schema whose values it allows are kept, each under 1 KiB as JSON. Before the bundle is loaded
#   there is no schema, so nothing of the input is kept.
mask contains {"op": "upsert", "path": "/input", "value": _known} if {
	is_object(input.input)
	not input.result
	count(_known) < count(input.input)
}

# METADATA
# title: An input that is not an object is not logged
# description: A request that is not even an object (a string, a list, a number) is left out of the log whole.
mask contains "/input" if {
	_ = input.input
	not is_object(input.input)
}

# The members a problem of the decision names ("/name"), except those missing, which are not there to
# leave out.
_dropped contains substring(problem.path, 1, -1) if {
	some problem in input.result.problems
	problem.path != ""
	problem.keyword != "required"
}

# The request itself, or a member the request schema has.
_schema_path("")

_schema_path(path) if {
	startswith(path, "/")
	data.notice.request.fields[substring(path, 1, -1)]
}

_problems_logged := array.concat(
	[problem | some problem in input.result.problems; _schema_path(problem.path)],
	[{"path": "", "keyword": "additionalProperties", "count": count(unknown)} |
		unknown := [problem | some problem in input.result.problems; not _schema_path(problem.path)]
		count(unknown) > 0
	],
)

_known[name] := value if {
	some name, value in input.input
	data.notice.request.fields[name]
	count(json.marshal(value)) < 1024
	_rechecked.outcome
	not _problem_at(concat("/", ["", name]))
}

# The policy's own decision on the request, worked out here (the mask's input is the log event; the request
# is its input), asked only when no decision was made: its problems say which members are malformed. A
# reference to the decision, not a call of the bundle's functions, which OPA would refuse to compile before
# the bundle is loaded. Where it decides nothing (no bundle, or one that cannot), nothing is kept.
_rechecked := decision if {
	# regal ignore:with-outside-test-context
	decision := data.sharing.decision with input as input.input
}

# Whether the policy's own check finds a member malformed: a value its schema does not allow.
_problem_at(path) if {
	some problem in _rechecked.problems
	problem.path == path
}
