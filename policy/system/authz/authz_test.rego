package system.authz_test

import data.system.authz

_token := "0123456789abcdef0123456789abcdef"

_runtime := {"env": {"NOTICE_OPA_TOKEN": _token, "NOTICE_MIN_VERSION": "1.1.0"}}

_decision := {"method": "POST", "path": ["v1", "data", "sharing", "decision"], "params": {}, "identity": _token}

test_a_decision_with_the_token_is_allowed if {
	authz.allow with input as _decision with opa.runtime as _runtime
}

test_a_decision_without_the_token_or_with_another_is_refused if {
	not authz.allow with input as object.remove(_decision, ["identity"]) with opa.runtime as _runtime
	longer := object.union(_decision, {"identity": concat("", [_token, "x"])})
	not authz.allow with input as longer with opa.runtime as _runtime
	not authz.allow with input as object.union(_decision, {"identity": ""}) with opa.runtime as _runtime
}

test_the_body_is_json if {
	every content_type in ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""] {
		json_body := object.union(_decision, {"headers": {"Content-Type": [content_type]}})
		authz.allow with input as json_body with opa.runtime as _runtime
	}
	every content_type in [
		"application/x-yaml", "application/yaml", "text/plain",
		# OPA reads each of these as YAML (the header holds "yaml"), though each starts as JSON's does.
		"application/json; yaml", "application/json+yaml", "application/jsonyaml",
		"application/json; charset=utf-8; yaml", "application/json; charset=latin1",
	] {
		yaml_body := object.union(_decision, {"headers": {"Content-Type": [content_type]}})
		not authz.allow with input as yaml_body with opa.runtime as _runtime
	}
	two := object.union(_decision, {"headers": {"Content-Type": ["application/json", "application/x-yaml"]}})
	not authz.allow with input as two with opa.runtime as _runtime
}

test_no_query_parameters_on_the_decision_path if {
	every params in [
		{"explain": ["full"]}, {"metrics": [""]}, {"instrument": ["true"]},
		{"provenance": [""]}, {"pretty": [""]},
	] {
		not authz.allow with input as object.union(_decision, {"params": params}) with opa.runtime as _runtime
	}
	not authz.allow with input as object.remove(_decision, ["params"]) with opa.runtime as _runtime
}

test_no_token_or_a_short_one_refuses_every_decision if {
	not authz.allow with input as _decision with opa.runtime as {"env": {}}
	not authz.allow with input as object.union(_decision, {"identity": "short"})
		with opa.runtime as {"env": {"NOTICE_OPA_TOKEN": "short"}}
}

test_only_the_decision_path_and_method if {
	every request in [
		{"method": "GET", "path": ["v1", "data", "sharing", "decision"]},
		{"method": "POST", "path": ["v1", "data"]},
		{"method": "POST", "path": ["v1", "data", "sharing"]},
		{"method": "POST", "path": ["v1", "data", "sharing", "verdict"]},
		{"method": "POST", "path": ["v1", "data", "sharing", "decision", "outcome"]},
		{"method": "GET", "path": ["v1", "data", "notice"]},
		{"method": "PUT", "path": ["v1", "policies", "x"]},
		{"method": "PUT", "path": ["v1", "data", "notice"]},
		{"method": "POST", "path": ["v1", "query"]},
		{"method": "POST", "path": ["v1", "compile"]},
		{"method": "GET", "path": ["metrics"]},
		{"method": "POST", "path": []},
	] {
		not authz.allow with input as object.union(request, {"identity": _token}) with opa.runtime as _runtime
	}
}

test_readiness_needs_no_token if {
	authz.allow with input as {"method": "GET", "path": ["health"]} with opa.runtime as {"env": {}}
	not authz.allow with input as {"method": "POST", "path": ["health"]} with opa.runtime as {"env": {}}
}

test_a_notice_older_than_the_one_rolled_out_decides_nothing if {
	authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as "1.1.0"
	authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as "1.2.0"
	not authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as "1.0.0"
	not authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as "not a version"
	not authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as false

	# No floor set, or one that is not a version: nothing is decided.
	no_floor := {"env": {"NOTICE_OPA_TOKEN": _token}}
	not authz.allow with input as _decision with opa.runtime as no_floor with data.notice.version as "1.2.0"
	bad_floor := {"env": {"NOTICE_OPA_TOKEN": _token, "NOTICE_MIN_VERSION": "latest"}}
	not authz.allow with input as _decision with opa.runtime as bad_floor with data.notice.version as "1.2.0"

	# Only versions as the notice writes them: OPA's semver would read these too.
	every written in ["v1.1.0", "1.1.0-rc.1", "1.1.0+build", "01.1.0", " 1.1.0"] {
		not authz.allow with input as _decision
			with opa.runtime as {"env": {"NOTICE_OPA_TOKEN": _token, "NOTICE_MIN_VERSION": written}}
			with data.notice.version as "1.2.0"
		not authz.allow with input as _decision with opa.runtime as _runtime with data.notice.version as written
	}

	# Before any bundle is loaded there is no notice: asked, OPA answers no decision.
	# regal ignore:unresolved-reference
	authz.allow with input as _decision with opa.runtime as _runtime with data.notice as {}

	# A loaded notice without a version decides nothing.
	# regal ignore:unresolved-reference
	not authz.allow with input as _decision with opa.runtime as _runtime with data.notice as {"id": "sharing"}
}
