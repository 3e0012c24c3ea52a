# METADATA
# title: What an OPA server's decision log keeps of a request
# description: |
#   OPA's decision-log mask policy (its default path, `system.log.mask`), loaded beside the authorization
#   policy, so that it applies from the server's start, before any bundle is loaded. A decision log is the
#   audit of what was asked and decided, not a store for whatever a client sends:
#   - a decision with problems (a malformed request): the members they name are left out of the logged
#     input, and the problems logged are at most 16, each path cut to 64 characters (a problem names an
#     unknown member, and a name can be as long as the body);
#   - no decision (the bundle not loaded yet, an evaluation cancelled or failed): only the members the
#     notice's request has, each under 1 KiB as JSON, are kept;
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
# title: The problems logged are capped
# description: At most 16 problems are logged, each path cut to 64 characters, and how many more there were.
mask contains {"op": "upsert", "path": "/result/problems", "value": _problems_logged} if {
	some problem in input.result.problems
	_too_much(problem)
}

# METADATA
# title: Without a decision, only what the notice's request has
# description: |
#   No decision was made (no bundle yet, or the evaluation was cancelled or failed): only the members of the
#   request schema are kept, each under 1 KiB as JSON.
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

_too_much(_) if count(input.result.problems) > 16

_too_much(problem) if count(problem.path) > 64

_problems_logged := array.concat(
	[{"path": substring(problem.path, 0, 64), "keyword": problem.keyword} |
		some problem in array.slice(input.result.problems, 0, 16)
	],
	[{"path": "", "keyword": "more", "count": count(input.result.problems) - 16} |
		count(input.result.problems) > 16
	],
)

# The bundle's data: undefined before it is loaded, and then nothing is known.
_known[name] := value if {
	some name, value in input.input
	data.notice.request.fields[name]
	count(json.marshal(value)) < 1024
}
