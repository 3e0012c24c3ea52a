# METADATA
# title: A well-formed request
# description: |
#   The policy's own check of a request against the request schema, so that it fails closed on any engine,
#   including an OPA server with no schema in front of it. It reads data.notice.request, which the build
#   generates from the same schema the runtime's ajv check compiles (scripts/compile/request-schema.ts), and
#   interprets the keywords that schema uses: type, enum, required, additionalProperties false, items,
#   minItems, maxItems and uniqueItems. The schema nests three levels (the request, its lists and objects,
#   a claim's fields), so the check has a function per level (Rego has no recursion). Whether a request is
#   malformed at all, which every decision asks, is `malformed` (malformed.rego, the same schema compiled
#   to Rego by the build); `problems`, asked only of a malformed request, says where.
package sharing.wellformed

_shape := data.notice.request

# METADATA
# description: |
#   Where the request does not match the request schema, as {path, keyword}: the JSON Pointer of the
#   member and `required` (missing), `additionalProperties` (unknown), or `schema` (it does not match
#   its schema); `type` with path "" when the request is not an object.
problems(req) := {{"path": "", "keyword": "type"}} if {
	not is_object(req)
} else := ({{"path": concat("/", ["", name]), "keyword": "required"} |
	some name in _shape.required
	not _has(req, name)
} | {{"path": concat("/", ["", name]), "keyword": "additionalProperties"} |
	some name, _ in req
	not _shape.fields[name]
}) | {{"path": concat("/", ["", name]), "keyword": "schema"} |
	some name, value in req
	shape := _shape.fields[name]
	not _member_ok(value, shape)
}

# (object.keys is not among the builtins the WASM module implements.)
# regal ignore:custom-has-key-construct
_has(obj, name) if _ = obj[name]

# A member of the request: a single value, a list of single values or objects, or an object of single
# values. Each test starts with the cheapest that can fail (an enum's keys are strings, so the lookup is
# its type check too).
_member_ok(value, shape) if {
	shape.enum[value]
} else if {
	is_boolean(value)
	shape.type == "boolean"
} else if {
	is_array(value)
	shape.type == "array"
	count(value) >= shape.minItems
	count(value) <= shape.maxItems
	not _repeats(value, shape)
	not _bad_entry(value, shape.items)
} else if {
	is_object(value)
	shape.type == "object"
	_object_ok(value, shape)
}

# (Pairs compared in place: a list here has a few entries, and this allocates nothing.)
_repeats(value, shape) if {
	shape.uniqueItems == true
	some i, entry in value
	some j, other in value
	i < j
	entry == other
}

_bad_entry(value, shape) if {
	some entry in value
	not _entry_ok(entry, shape)
}

# An entry of a list: a single value, or an object of single values.
_entry_ok(value, shape) if {
	shape.enum[value]
} else if {
	is_object(value)
	shape.type == "object"
	_object_ok(value, shape)
}

_object_ok(value, shape) if {
	not _missing(value, shape)
	not _bad_field(value, shape.fields)
}

_missing(value, shape) if {
	some name in shape.required
	not _has(value, name)
}

# A field that the shape does not have, or that does not match it.
_bad_field(value, fields) if {
	some name, field in value
	not _known_field_ok(name, field, fields)
}

_known_field_ok(name, value, fields) if {
	shape := fields[name]
	_field_ok(value, shape)
}

# A single value: a string the notice lists, or a boolean.
_field_ok(value, shape) if {
	shape.enum[value]
} else if {
	is_boolean(value)
	shape.type == "boolean"
}
