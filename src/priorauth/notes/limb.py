"""A plexopathy named without its plexus is the plexus of the limb the note is about.

An electrodiagnostic report of the legs that finds "no evidence of plexopathy" denies a lumbosacral
plexopathy; one of the arms, a brachial plexopathy. The limb is the one the note names far more often (arm,
hand, C5-T1, median, ulnar ... against leg, foot, L1-S2, peroneal, tibial ...); a note that names both about
as often says nothing about which plexus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from priorauth.evidence.model import Evidence

_SOURCE = "peripheral_nerve_disorder"
_BARE = re.compile(r"plex(?:opath(?:y|ies)|itis)", re.I)
_ARM = re.compile(
    r"\b(?:arms?|hands?|fingers?|thumbs?|wrists?|elbows?|forearms?|shoulders?|upper (?:extremit(?:y|ies)|limbs?)"
    r"|UEs?|cervical|median|ulnar|radial|axillary|deltoid|biceps|triceps|C[5-8]|T1)\b",
    re.I,
)
_LEG = re.compile(
    r"\b(?:legs?|feet|foot|toes?|thighs?|calf|calves|knees?|ankles?|hips?|buttocks?|lower (?:extremit(?:y|ies)|limbs?)"
    r"|LEs?|lumbar|lumbosacral|sciatica|peroneal|tibial|femoral|sural|quadriceps|gastrocnemius|tibialis|[LS][1-5])\b",
    re.I,
)
_PLEXUS = {"arm": "brachial_plexopathy", "leg": "lumbosacral_plexopathy"}
_VALUE = {"affirmed": "known", "historical": "known", "negated": "absent", "possible": "suspected"}
_DOMINANT = (
    3  # the limb named at least three times as often as the other (and at least three times)
)


def bare_plexopathy(
    items: list[Evidence], mentions: Iterable[tuple[str, str, int, int]], text: str, note: int
) -> list[Evidence]:
    """`items` with each bare "plexopathy" (fact, assertion, start, end of the note's mentions) read as the
    plexopathy of the note's limb."""
    bare = [
        (assertion, start, end)
        for fact, assertion, start, end in mentions
        if fact == _SOURCE and assertion in _VALUE and _BARE.fullmatch(text[start:end])
    ]
    if not bare:
        return items
    arm, leg = len(_ARM.findall(text)), len(_LEG.findall(text))
    if arm >= max(_DOMINANT, _DOMINANT * leg):
        fact = _PLEXUS["arm"]
    elif leg >= max(_DOMINANT, _DOMINANT * arm):
        fact = _PLEXUS["leg"]
    else:
        return items
    return items + [
        Evidence.from_note(fact, _VALUE[assertion], text, note, start, end, assertion)
        for assertion, start, end in bare
    ]
