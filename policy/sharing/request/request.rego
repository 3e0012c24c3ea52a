# METADATA
# title: The sharing request
# description: |
#   The parts of a sharing request that the other packages read, looked up in the notice's lists
#   (data.notice, generated from content/). Anything absent reads as "no": no agreement, not necessary,
#   not disclosed, no opt-out, no circumstance claimed.
package sharing.request

# METADATA
# description: The recipient as the notice lists it; undefined for an unknown id.
recipient := data.notice.recipients[input.recipient]

# METADATA
# description: The purpose as the notice lists it; undefined for an unknown id.
purpose := data.notice.purposes[input.purpose]

# METADATA
# description: The kinds of information asked for.
information contains id if some id in input.information

# METADATA
# description: The circumstances claimed for sharing without consent.
claims contains claim if some claim in input.circumstances

# METADATA
# description: The patient has said no, or taken back a yes.
refused if input.consent in {"refused", "withdrawn"}

# METADATA
# description: The patient has said yes.
consented if input.consent == "given"

# METADATA
# description: The patient cannot decide (unconscious, or lacks capacity).
unable_to_consent if input.consent == "unable-to-consent"

# METADATA
# description: Nobody has asked the patient yet.
not_asked if input.consent == "not-asked"

# METADATA
# description: Sharing is necessary for the patient's care.
necessary_for_care if input.necessary_for_care == true

# METADATA
# description: A sharing agreement with the recipient is in place.
sharing_agreement if input.sharing_agreement == true

# METADATA
# description: The processor has been disclosed to patients.
processor_disclosed if input.processor_disclosed == true

# METADATA
# description: The patient is registered with the national data opt-out.
national_data_opt_out if input.opt_outs.national_data_opt_out == true

# METADATA
# description: The patient objects to the shared care record.
objects_to_shared_care_record if input.opt_outs.shared_care_record == true

# METADATA
# description: A purpose of the patient's own care, not beyond it.
for_individual_care if purpose.beyond_individual_care == false
