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
# title: Not viewed otherwise
# description: The record is not opened when it is not needed for care, or not for care at all.
# custom:
#   clause: shared-care-record
default verdict(_) := {
	"outcome": "do-not-share",
	"clauses": ["shared-care-record"],
	"obligations": [],
}

# METADATA
# title: Viewed when needed for care
# description: Professionals from other services view the record when it is needed for the patient's care.
# custom:
#   clause: shared-care-record
verdict(req) := {
	"outcome": "share",
	"clauses": ["shared-care-record"],
	"obligations": [],
} if {
	req.purpose in _programme.purposes
	request.necessary_for_care(req)
	not request.objects_to_shared_care_record(req)
	not request.refused(req)
} else := {
	"outcome": "do-not-share",
	"clauses": ["shared-care-record", "refuse-withdraw"],
	"obligations": ["explain-refusal-implications", "other-care-routes"],
} if {
	req.purpose in _programme.purposes
	request.refused(req)
} else := {
	"outcome": "do-not-share",
	"clauses": ["shared-care-record"],
	"obligations": ["other-care-routes"],
} if {
	request.objects_to_shared_care_record(req)
}
