"""Which page an event happened on, in the service's words: "Case page", not /cases/12/."""

from functools import lru_cache

from django.urls import Resolver404, resolve

# URL name → what staff call the page. Anything not here is named from its URL name
# ("casework:new_thing" → "New thing", "api:thing_detail" → "API: thing").
PAGES = {
    "casework:case_detail": "Case page",
    "casework:edit_person": "Personal details",
    "casework:add_note": "New note",
    "casework:correct_note": "Correcting a note",
    "casework:add_need": "New need",
    "casework:set_complexity": "Complexity",
    "casework:practice_sharing": "What the practice may see",
    "casework:close": "Closing the case",
    "casework:reopen": "Reopening the case",
    "casework:reassign": "Reassigning the case",
    "casework:worker_cases": "A worker's caseload",
    "casework:new_session": "New session",
    "casework:book_session": "Booking a session",
    "casework:session": "Session",
    "casework:check_in": "Lone working check-in",
    "casework:check_out": "Lone working check-out",
    "casework:new_goal": "New goal",
    "casework:goal": "Goal",
    "casework:new_action": "New action",
    "casework:action": "Action",
    "referrals:list": "Referrals",
    "referrals:new": "New referral",
    "referrals:record": "Recording a referral",
    "referrals:find_person": "Finding a person to refer",
    "referrals:queue": "Referrals to triage",
    "referrals:detail": "Referral",
    "reporting:referral_outcome": "What came of a referral",
    "reporting:practice_outcomes": "What came of our referrals",
    "home:link_worker": "My day",
    "team:supervision": "Supervision record",
    "team:record_supervision": "Recording supervision",
    "team:ask_debrief": "Asking for a debrief",
    "team:debrief_held": "Marking a debrief held",
    "referrals:accept": "Accepting a referral",
    "referrals:decline": "Declining a referral",
    "referrals:duplicate": "Marking a referral as a duplicate",
    "referrals:verify": "Checking a self-referral",
    "referrals:self_referral": "Self-referral form",
    "outcomes:hub": "Questionnaires",
    "outcomes:enter": "Entering a questionnaire",
    "outcomes:enter_paper": "Entering a paper questionnaire",
    "outcomes:print": "Printing a questionnaire",
    "outcomes:new_link": "Questionnaire link",
    "outcomes:public_link": "Questionnaire by link",
    "outcomes:tablet": "Questionnaire on the tablet",
    "outcomes:response": "Questionnaire answers",
    "outcomes:correct_response": "Correcting questionnaire answers",
    "outcomes:exit_prompt": "Exit measure",
    "outcomes:rate_goals": "Goal ratings",
    "outcomes:new_story": "New story",
    "outcomes:story": "Story",
    "links:refer": "Referring to a service",
    "links:signpost": "Signposting to a service",
    "links:links": "Onward links",
    "links:link": "Onward referral",
    "links:link_step": "Onward referral progress",
    "links:partner_links": "Partner: referrals received",
    "links:partner_link": "Partner: referral received",
    "groups:group": "Group",
    "groups:invite": "Inviting people to a group",
    "groups:attendance": "Group meeting attendance",
    "accounts:sign_in": "Sign in",
    "accounts:sign_out": "Sign out",
    "accounts:api_tokens": "API tokens",
    "audit:search": "Audit log",
    "audit:export": "Audit log download",
    "audit:subject_access": "Subject access request",
    "api:case_list": "API: caseload",
    "api:case_person": "API: personal details",
    "api:report_summary": "API: programme summary figures",
    "api:referral_outcome": "API: what came of a referral",
    "api:practice_outcomes": "API: what came of our referrals",
    "api:partner_referrals": "API: partner's referrals received",
    "interop:fhir_system": "FHIR: referral received",
    "interop:fhir_operation": "FHIR: PRSB referral received",
    "interop:fhir_search": "FHIR: search",
    "interop:fhir_read": "FHIR: read",
    "gp_record:messages": "Messages for the GP record",
    "gp_record:file": "Filing a message into the GP record",
    "gp_record:file_many": "Filing messages into the GP record",
    "gp_record:unfile": "Undoing the filing of a message into the GP record",
    "gp_record:summary_pdf": "GP summary letter",
}
NO_PAGE = "None (a command or scheduled job)"


@lru_cache(maxsize=4096)
def page_name(path: str) -> str:
    if not path:
        return NO_PAGE
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        return path
    return PAGES.get(view_name) or _from_url_name(view_name)


def _from_url_name(view_name: str) -> str:
    namespace, _, name = view_name.rpartition(":")
    words = name.removesuffix("_detail").replace("_", " ").replace("-", " ").strip()
    if namespace == "api":
        return f"API: {words}"
    return words[:1].upper() + words[1:]
