# METADATA
# title: What an OPA server's decision log keeps of a request
# description: |
#   OPA's decision-log mask policy (its default path, `system.log.mask`), loaded beside the authorization
#   policy. A decision log is the audit of what was asked and decided, not a store for whatever a client
#   sends: the members of a request that do not match the request schema (unknown members, values of the
#   wrong shape, lists over their limit) are left out of the logged input, and an input that is not an
#   object is left out whole. The decision itself still lists each of them in its `problems` (path and
#   schema keyword), so the log says what was wrong without keeping the bytes, and a client padding its
#   requests cannot fill the log buffer with them. It reads the problems the decision found (so a
#   well-formed request costs the server nothing more), which is why it ships in the bundle with the policy.
package system.log

# METADATA
# title: A request's members that do not match the schema are not logged
# description: The logged input keeps the members that match the request schema, and nothing else.
mask contains {"op": "upsert", "path": "/input", "value": object.remove(input.input, _dropped)} if {
	is_object(input.input)
	count(_dropped) > 0
}

# METADATA
# title: An input that is not an object is not logged
# description: A request that is not even an object (a string, a list) is left out of the log whole.
mask contains "/input" if {
	some problem in input.result.problems
	problem.path == ""
}

# The members a problem of the decision names ("/name"), except those missing, which are not there to
# leave out.
_dropped contains substring(problem.path, 1, -1) if {
	some problem in input.result.problems
	problem.path != ""
	problem.keyword != "required"
}
