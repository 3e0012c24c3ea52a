# METADATA
# title: My Care Record
# description: |
#   Health and care professionals from other services can view the record when it is needed for the
#   patient's care. A patient who objects is still cared for through other direct-care routes.
package sharing.carerecord

import data.sharing.request

_programme := data.notice.programmes["my-care-record"]

# METADATA
# description: The request is to view the shared care record.
applies(req) if req.recipient == _programme.recipient

# METADATA
# title: Viewed when needed for care
# description: Professionals from other services view the record when it is needed for the patient's care.
# custom:
#   clause: shared-care-record
verdict(req) := {
	"outcome": "share",
	"clauses": ["shared-care-record"],
	"obligations": [],
	"information": request.asked(req),
} if {
	_for_care(req)
	request.necessary_for_care(req)
	not request.objects_to_shared_care_record(req)
	not request.refused(req)
} else := request.nothing(
	["shared-care-record", "refuse-withdraw"],
	["explain-refusal-implications", "other-care-routes"],
) if {
	_for_care(req)
	request.refused(req)
} else := _objection_verdict if {
	request.objects_to_shared_care_record(req)
} else := _not_needed_verdict

_for_care(req) if req.purpose in _programme.purposes

# METADATA
# title: The patient objects
# description: A patient who objects to My Care Record is cared for through other direct-care routes.
# custom:
#   clause: shared-care-record
_objection_verdict := request.nothing(["shared-care-record"], ["other-care-routes"])

# METADATA
# title: Not viewed otherwise
# description: The record is not opened when it is not needed for care, or not for care at all.
# custom:
#   clause: shared-care-record
_not_needed_verdict := request.nothing(["shared-care-record"], [])
