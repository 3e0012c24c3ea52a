# METADATA
# title: The sharing request
# description: |
#   The parts of a sharing request that the other packages read, looked up in the notice's lists
#   (data.notice, generated from content/). Anything absent reads as "no": no agreement, not necessary,
#   not disclosed, no opt-out, no circumstance claimed. Each is a function of the request rather than a
#   rule of `input`, which OPA's WASM would cache on every decision (see sharing._verdict). The request is
#   well-formed by the time these are read (sharing.wellformed decides first).
package sharing.request

# METADATA
# description: The recipient as the notice lists it; undefined for an unknown id.
recipient(req) := data.notice.recipients[req.recipient]

# METADATA
# description: The purpose as the notice lists it; undefined for an unknown id.
purpose(req) := data.notice.purposes[req.purpose]

# METADATA
# description: The kinds of information asked for.
information(req) := {id | some id in req.information}

# METADATA
# description: The kinds of information asked for, as a sorted list (what a share may send).
asked(req) := sort(information(req))

# METADATA
# scope: document
# description: The patient has said no, or taken back a yes.
refused(req) if req.consent == "refused"

refused(req) if req.consent == "withdrawn"

# METADATA
# description: The patient has said yes.
consented(req) if req.consent == "given"

# METADATA
# description: |
#   The patient has been told how information moves in their care and has not objected: implied consent,
#   which counts for their treatment and emergency care by those who provide it, and nowhere else.
implied_for_care(req) if {
	req.consent == "implied"
	for_treatment(req)
	provides_care(req)
}

# METADATA
# scope: document
# description: The patient agrees to sharing for their care (consent given, or implied where it counts).
agreed(req) if consented(req)

agreed(req) if implied_for_care(req)

# METADATA
# scope: document
# description: The recipient provides the patient's care (the care team, or an organisation whose part it is).
provides_care(req) if recipient(req).kind == "care-team"

provides_care(req) if recipient(req).care_role == "provides-care"

# METADATA
# description: The patient cannot decide (unconscious, or lacks capacity).
unable_to_consent(req) if req.consent == "unable-to-consent"

# METADATA
# scope: document
# description: Nobody has asked the patient yet, or implied consent is claimed where it does not count.
not_asked(req) if req.consent == "not-asked"

not_asked(req) if {
	req.consent == "implied"
	not implied_for_care(req)
}

# METADATA
# description: Sharing is necessary for the patient's care.
necessary_for_care(req) if req.necessary_for_care == true

# METADATA
# description: A sharing agreement with the recipient is in place.
sharing_agreement(req) if req.sharing_agreement == true

# METADATA
# description: The processor has been disclosed to patients.
processor_disclosed(req) if req.processor_disclosed == true

# METADATA
# description: The patient is registered with the national data opt-out.
national_data_opt_out(req) if req.opt_outs.national_data_opt_out == true

# METADATA
# description: The patient objects to the shared care record.
objects_to_shared_care_record(req) if req.opt_outs.shared_care_record == true

# METADATA
# description: A purpose of the patient's own care and support, the consent route of clause other-professionals.
for_direct_care(req) if purpose(req).direct_care == true

# METADATA
# description: The patient's care and treatment, which best interests reach when they cannot consent.
for_treatment(req) if purpose(req).treatment == true

# METADATA
# description: Emergency treatment, which vital interests reach when the patient cannot consent.
for_emergency(req) if purpose(req).emergency == true

# METADATA
# description: A purpose where the welfare of other people is involved (clause other-professionals).
for_welfare_of_others(req) if purpose(req).welfare_of_others == true

# METADATA
# description: Where a person's judgement of a claim stands (waiting when the request does not say).
status(claim) := object.get(claim, "status", "waiting")

# METADATA
# description: A verdict that sends nothing, citing these clauses and obligations.
nothing(clauses, obligations) := {
	"outcome": "do-not-share",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
}

# METADATA
# description: A verdict that a person decides, citing these clauses and obligations.
refer(clauses, obligations) := {
	"outcome": "refer",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
}
