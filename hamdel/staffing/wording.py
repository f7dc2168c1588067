"""Routing decisions in words, in the reader's language, from the facts stored with them."""

from typing import Any

from django.utils.translation import gettext as _

# why an item waits (Decision.facts["reason"])
NOBODY_AVAILABLE = "nobody_available"
NO_LANGUAGE = "no_language"
NO_SKILL = "no_skill"
ALL_FULL = "all_full"
ROUTING_OFF = "routing_off"


def explain(outcome: str, facts: dict[str, Any]) -> str:
    if outcome == "assigned":
        reasons = []
        if facts.get("language"):
            reasons.append(_("speaks %(language)s") % {"language": facts["language"]})
        if facts.get("skill"):
            reasons.append(_("skill %(skill)s") % {"skill": facts["skill"]})
        reasons.append(
            _("load %(load)s/%(capacity)s") % {"load": facts["load"], "capacity": facts["capacity"]}
        )
        if facts.get("tied"):
            reasons.append(_("longest without new work"))
        return _("assigned to %(agent)s: %(reasons)s") % {
            "agent": facts["agent"],
            "reasons": ", ".join(reasons),
        }
    if outcome == "declined":
        return _("declined by %(agent)s: %(reason)s") % {
            "agent": facts["agent"],
            "reason": facts.get("reason") or "—",
        }
    reason = facts.get("reason")
    if reason == NO_LANGUAGE:
        return _("waiting: nobody available speaks %(language)s") % {"language": facts["language"]}
    if reason == NO_SKILL:
        return _("waiting: nobody available has the skill %(skill)s") % {"skill": facts["skill"]}
    if reason == ALL_FULL:
        return _("waiting: everyone who fits is at capacity")
    if reason == ROUTING_OFF:
        return _("waiting: routing is off for this team")
    return _("waiting: nobody on the team is available")
