# METADATA
# title: Who may ask an OPA server that serves the notice
# description: |
#   OPA's own authorization policy (`opa run --server --authentication=token --authorization=basic`).
#   A server that decides sharing requests answers two things and nothing else: a readiness probe, and a
#   decision asked for with the trust's token. Everything else is refused with 401: reading the policy,
#   the data or other rules, writing policies or data, the query and compile APIs, metrics, and query
#   parameters on the decision path.
#   The token comes from the server's environment (NOTICE_OPA_TOKEN), never from the bundle, so a bundle
#   can be published and a token rotated without rebuilding it. No token set, or one shorter than 32
#   characters, refuses every decision: the server fails closed. So does a notice older than the version
#   rolled out (NOTICE_MIN_VERSION), against a replayed older bundle.
package system.authz

default allow := false

# METADATA
# title: Readiness
# description: |
#   `GET /health` (with `?bundles=true` for readiness) answers without a token: a load balancer asks it
#   before it sends traffic, and it says nothing about patients or the policy.
allow if {
	input.method == "GET"
	input.path == ["health"]
}

# METADATA
# title: A decision, with the trust's token
# description: |
#   Only `POST /v1/data/sharing/decision`, the decision apps ask for, with a bearer token, and no query
#   parameters: `?explain=full` would return the policy's trace (megabytes, and the rules and data),
#   `?metrics`, `?instrument` and `?provenance` more than a decision. The body is JSON, as the request
#   schema and the runtime read it: OPA would also read YAML (`application/x-yaml`), where `yes` is true
#   and keys may repeat, which no other engine of the notice reads.
allow if {
	input.method == "POST"
	input.path == ["v1", "data", "sharing", "decision"]
	input.params == {}
	_json_body
	_token_matches
	_not_older_than_rolled_out
}

# The loaded notice is not older than the version the trust rolled out (NOTICE_MIN_VERSION, semver): a
# validly signed bundle of an earlier release, served again, decides nothing; so does a notice without a
# version. Before any bundle is loaded there is no notice (nor its id), and OPA answers no decision ({})
# anyway. No floor set, or one that is not a version as the notice writes them (MAJOR.MINOR.PATCH, digits
# only: OPA's semver also reads `v1.2.0` and `1.2.0-rc.1`), refuses every decision: the server fails
# closed, as without its token.
_not_older_than_rolled_out if not data.notice.id

_not_older_than_rolled_out if {
	rolled_out := opa.runtime().env.NOTICE_MIN_VERSION
	_notice_version(rolled_out)
	_notice_version(data.notice.version)
	semver.compare(data.notice.version, rolled_out) >= 0
}

# A version as content/schemas/notice.schema.json writes one.
_notice_version(version) if regex.match(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`, version)

# No Content-Type (OPA then reads JSON), or JSON: exactly `application/json`, with at most a UTF-8 charset.
# OPA reads YAML whenever the header holds "yaml" anywhere (`application/json; yaml`, `application/json+yaml`),
# so a prefix is not enough.
_json_body if not input.headers["Content-Type"]

_json_body if {
	[content_type] := input.headers["Content-Type"]
	regex.match(`^application/json(\s*;\s*charset="?utf-8"?)?\s*$`, lower(content_type))
}

_token_matches if {
	token := opa.runtime().env.NOTICE_OPA_TOKEN
	count(token) >= 32
	input.identity == token
}
