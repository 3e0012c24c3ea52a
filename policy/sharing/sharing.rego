# METADATA
# title: Sharing decisions
# description: |
#   Decides a sharing request as the notice says: who may receive what, for which purpose, with which
#   consent. A request that is not well-formed is refused first, then what the notice never allows, then
#   a circumstance that settles the request, then the part of the notice that speaks of the recipient; a
#   claimed circumstance that settles nothing goes to a person unless that part already shares. Anything
#   else is not shared.
package sharing

import data.sharing.carerecord
import data.sharing.careteam
import data.sharing.exceptions
import data.sharing.organisations
import data.sharing.processors
import data.sharing.prohibitions
import data.sharing.relatives
import data.sharing.request
import data.sharing.returns
import data.sharing.surveys
import data.sharing.wellformed

# METADATA
# title: Decision
# description: |
#   The outcome (share, share-minimum, do-not-share or refer), the clauses behind it with their words,
#   the obligations that come with it, the kinds of information that may be sent, and the notice version
#   that decided. Built from the verdict, so it too defaults to not sharing. A request that is not
#   well-formed also gets its problems (path and schema keyword). This is what an OPA server answers (the
#   bundle's revision is the same version); the WASM runtime adds the sha256 of the wasm and the data.
# entrypoint: true
decision := object.union(
	{
		"outcome": outcome,
		"reasons": [{"clause": id, "text": data.notice.clauses[id].text} | some [_, id] in _in_reading_order(clause_ids)],
		"obligations": [_obligation(id) | some id in sort({id | some id in obligation_ids})],
		"information": information,
		"policy": {"notice_version": data.notice.version},
	},
	_problems,
) if {
	[outcome, clause_ids, obligation_ids, information] := verdict
}

default _problems := {}

_problems := {"problems": [problem | some problem in _request_problems]} if malformed

# Where the request is malformed; with no input at all (an OPA server asked without one), the request itself.
default _request_problems := {{"path": "", "keyword": "required"}}

_request_problems := wellformed.problems(input)

# METADATA
# description: |
#   The input is not a well-formed request (sharing.wellformed), worked out once for the verdict, the
#   decision and the promises.
# scope: document
default malformed := false

malformed if not input

malformed if wellformed.malformed(input)

# METADATA
# title: Verdict
# description: |
#   The decision as ids, as compactly as the WASM runtime reads it: [outcome, clause ids, obligation ids,
#   information ids] (a list, which the module writes out faster than an object). The runtime puts the
#   clauses in the order patients read them, sorts the obligations and adds the words, from the same data.
#   Defaults to not sharing.
# entrypoint: true
default verdict := ["do-not-share", [], [], []]

verdict := [chosen.outcome, chosen.clauses, chosen.obligations, chosen.information] if {
	chosen := _verdict(input)
}

# Clause ids (once each) in the order patients read them, as [order, id].
_in_reading_order(ids) := sort({[data.notice.clauses[id].order, id] | some id in ids})

_obligation(id) := {
	"id": id,
	"text": data.notice.obligations[id].text,
	"clause": data.notice.obligations[id].clause,
}

# The verdict on a request. Like every rule that reads the request, a function of it rather than a rule
# of `input`: OPA's WASM caches each rule of `input` it evaluates, work that a decision asking most rules
# once does not repay. Measured with every function of the request made a rule of `input`: the verdict
# took about a fifth longer on WASM, and 15-20% longer on OPA's Go evaluator too.
# First a request that is not well-formed (`malformed`, a rule of the input: req is always the input), then
# what is never allowed, then the circumstances.
_verdict(req) := request.nothing([], []) if {
	malformed
} else := wellformed_verdict(req)

# METADATA
# description: |
#   The verdict on a request known to be well-formed, as {outcome, clauses, obligations, information}: what
#   is never allowed, then the part of the notice for the recipient when it shares (a circumstance only ever
#   adds to what the usual rules share: it never takes routine care away), then the circumstances. The promises
#   call it with a changed copy of a well-formed input (the same request without an opt-out, or without
#   its claims), which is well-formed too.
wellformed_verdict(req) := prohibitions.verdict(req) if {
	prohibitions.applies(req)
} else := _decided(req, exceptions.settled(req))

_decided(req, settled) := _after_route(req, settled, _route(req))

_after_route(req, settled, route) := route if {
	route.outcome in {"share", "share-minimum"}
} else := exceptions.verdict(req, settled) if {
	count(settled) > 0
} else := exceptions.unsettled(req, route)

# The part of the notice for the request: the programmes first (they also decide by purpose, so before any
# recipient), then the part for the recipient's kind. The kinds do not overlap; the organisations, most of
# the recipients, are asked first.
_route(req) := surveys.verdict(req) if {
	surveys.applies(req)
} else := returns.verdict(req) if {
	returns.applies(req)
} else := organisations.verdict(req) if {
	organisations.applies(req)
} else := carerecord.verdict(req) if {
	carerecord.applies(req)
} else := careteam.verdict(req) if {
	careteam.applies(req)
} else := processors.verdict(req) if {
	processors.applies(req)
} else := relatives.verdict(req) if {
	relatives.applies(req)
}
