"""Facts derived from the request itself: age and sex, the plan, and the service line being decided."""

from __future__ import annotations

import datetime as dt

from priorauth.evidence.model import Evidence
from priorauth.model.request import PriorAuthRequest
from priorauth.policy.schema import ServiceCode

# CT and MRI of the cervical spine (CPT). HealthHelp's "Combination CT Cervical Spine and MRI Cervical
# Spine Guideline" applies when one of each is requested together.
CT_CERVICAL = frozenset({"72125", "72126", "72127"})
MRI_CERVICAL = frozenset({"72141", "72142", "72156", "0649T"})


def age_in_years(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a date (a birthday counts on the day itself; 29 Feb on 28 Feb)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def request_evidence(request: PriorAuthRequest) -> list[Evidence]:
    """Evidence shared by every service line of the request."""
    out = [
        Evidence(
            "patient.age_years",
            age_in_years(request.patient.birth_date, request.request_date),
            "demographics",
        )
    ]
    if request.patient.sex != "unknown":
        out.append(Evidence("patient.sex", request.patient.sex, "demographics"))
    if request.plan is not None:
        if request.plan.type:
            out.append(Evidence("plan.type", request.plan.type, "plan"))
        if request.plan.state:
            out.append(Evidence("plan.state", request.plan.state, "plan"))
    codes = {s.code for s in request.services}
    out.append(
        Evidence(
            "request.ct_and_mri_cervical",
            bool(codes & CT_CERVICAL and codes & MRI_CERVICAL),
            "request",
        )
    )
    return out


def service_evidence(code: str, service: ServiceCode | None) -> list[Evidence]:
    """Evidence about the service line being decided, from the policy's description of its code."""
    out = [Evidence("service.code", code, "service", code=code)]
    if service is not None:
        out.append(Evidence("service.modality", service.modality, "service", code=code))
        if service.region:
            out.append(Evidence("service.region", service.region, "service", code=code))
        if service.contrast != "unspecified":
            out.append(
                Evidence("service.contrast", service.contrast != "without", "service", code=code)
            )
    return out
