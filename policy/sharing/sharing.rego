# METADATA
# title: Sharing decisions
# description: |
#   Decides a sharing request as the notice says: who may receive what, for which purpose, with which
#   consent. Prohibitions come first, then the circumstances for sharing without consent, then the part
#   of the notice that speaks of the recipient. Anything else is not shared.
package sharing

import data.sharing.carerecord
import data.sharing.careteam
import data.sharing.exceptions
import data.sharing.organisations
import data.sharing.processors
import data.sharing.prohibitions
import data.sharing.relatives
import data.sharing.returns
import data.sharing.surveys

# METADATA
# title: Decision
# description: |
#   The outcome (share, share-minimum, do-not-share or refer), the clauses behind it with their words,
#   the obligations that come with it, and the notice version that decided. Built from the verdict, so it
#   too defaults to not sharing. This is what an OPA server answers (the bundle's revision is the same
#   version); the WASM runtime adds the sha256 of the wasm and the data it ran.
# entrypoint: true
decision := {
	"outcome": outcome,
	"reasons": [{"clause": id, "text": data.notice.clauses[id].text} | some [_, id] in _in_reading_order(clause_ids)],
	"obligations": [_obligation(id) | some id in sort({id | some id in obligation_ids})],
	"policy": {"notice_version": data.notice.version},
} if {
	[outcome, clause_ids, obligation_ids] := verdict
}

# METADATA
# title: Verdict
# description: |
#   The decision as ids, as compactly as the WASM runtime reads it: [outcome, clause ids, obligation ids]
#   (a list, which the module writes out faster than an object). The runtime puts the clauses in the
#   order patients read them, sorts the obligations and adds the words, from the same data. Defaults to
#   not sharing.
# entrypoint: true
default verdict := ["do-not-share", [], []]

verdict := [chosen.outcome, chosen.clauses, chosen.obligations] if {
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
# once does not repay (measured: a decision takes about a fifth less time this way).
# First what is never allowed, then the circumstances, then the programmes (which also decide by purpose,
# so before any recipient), then the part of the notice for the recipient's kind. The kinds do not overlap;
# the organisations, most of the recipients, are asked first.
_verdict(req) := prohibitions.verdict(req) if {
	prohibitions.applies(req)
} else := exceptions.verdict(req) if {
	exceptions.applies(req)
} else := surveys.verdict(req) if {
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
} else := relatives.verdict if {
	relatives.applies(req)
}
