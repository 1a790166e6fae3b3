"""General fixes to assertion, scope and time attachment, on short sentences (fixture catalog)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from priorauth.notes.attach import attachment_key
from priorauth.notes.reader import NoteReader, aggregate
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

FIXTURE = Path(__file__).parents[1] / "fixtures" / "notes"
TODAY = dt.date(2025, 11, 3)


@pytest.fixture(scope="module")
def reader() -> NoteReader:
    return NoteReader(load_catalog(FIXTURE), policy_root() / "notes")


def values(reader: NoteReader, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in aggregate(reader.read(text, TODAY), reader.catalog):
        out[e.fact] = e.value if e.fact not in out else {out[e.fact], e.value}
    return out


# ---- a time belongs to the mention it binds to, not merely the nearest ---------------------------------
def test_weeks_of_binds_to_what_follows() -> None:
    text = "acetaminophen and 4 weeks of formal PT"
    time = (text.index("4 weeks"), text.index("4 weeks") + len("4 weeks"))
    sentence = (0, len(text))
    pt = (text.index("PT"), len(text))
    drug = (0, len("acetaminophen"))
    pt_key = attachment_key(text, pt, sentence, time)
    drug_key = attachment_key(text, drug, sentence, time)
    assert pt_key is not None and drug_key is not None
    assert pt_key < drug_key


def test_a_listed_time_goes_to_its_own_treatment(reader: NoteReader) -> None:
    got = values(reader, "Tried ibuprofen, 4 weeks of formal physical therapy.")
    assert got["conservative_care.active_weeks"] == 4
    assert got["conservative_care.weeks"] == 4


def test_time_after_a_mention_stays_with_it(reader: NoteReader) -> None:
    got = values(reader, "Neck pain x 3 months, ibuprofen and 6 wks PT.")
    assert got["symptoms.duration_weeks"] == 13
    assert got["conservative_care.active_weeks"] == 6


# ---- a trigger looking back stops at a clause break ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Weakness in the R deltoid, reflexes normal.", "extremity_weakness", True),
        ("Neck pain, fever is absent.", "neck_pain", True),
        ("Neck pain, fever is absent.", "fever", False),
        ("Fever, neck pain and weakness are absent.", "neck_pain", False),
        ("Fever, neck pain and weakness are absent.", "fever", False),
        ("Hoffmann, fever and weakness negative.", "fever", False),
        ("No neck pain, failed PT and ibuprofen.", "conservative_care.physical_therapy", True),
        ("No neck pain, failed PT and ibuprofen.", "neck_pain", False),
        ("No fever, neck pain or weakness.", "neck_pain", False),
    ],
)
def test_backward_and_forward_scope(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


# ---- a relative who reports is not family history ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Parents note he has had fever for 3 days.", "fever", True),
        ("Mother reports neck pain for a week.", "neck_pain", True),
        ("Brought in by his mother for neck pain.", "neck_pain", True),
        ("Per his father, neck pain since Monday.", "neck_pain", True),
    ],
)
def test_relatives_reporting_are_not_family(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


def test_a_relative_with_the_condition_is_still_family(reader: NoteReader) -> None:
    assert "cancer" not in values(reader, "Father with prostate cancer.")


# ---- plans in a combined assessment-and-plan section ---------------------------------------------------------
def test_a_test_listed_in_assessment_and_plan_is_planned(reader: NoteReader) -> None:
    got = values(reader, "A/P: 1. Cord compression, suspected. 2. EMG/NCS.")
    assert "emg_ncv.done" not in got


def test_a_test_reported_in_assessment_and_plan_is_done(reader: NoteReader) -> None:
    assert values(reader, "A/P: EMG showed a C6 radiculopathy.")["emg_ncv.done"] is True


def test_a_diagnosis_in_assessment_and_plan_stays_as_stated(reader: NoteReader) -> None:
    assert values(reader, "A/P: Neck pain. EMG/NCS.")["neck_pain"] is True


# ---- plans are not conditionals ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Consider surgery if pain persists.",
        "If not better, surgery.",
        "Should symptoms progress, surgical decompression.",
        "If pain in her neck and arms gets much worse next week, surgical decompression.",
    ],
)
def test_a_conditional_is_not_a_plan(reader: NoteReader, text: str) -> None:
    assert "surgery.considered" not in values(reader, text)


@pytest.mark.parametrize("text", ["Surgery planned.", "Will schedule surgery.", "Plan: surgery."])
def test_a_plan_is_accepted_where_the_fact_accepts_plans(reader: NoteReader, text: str) -> None:
    assert values(reader, text)["surgery.considered"] is True


def test_worse_if_is_not_a_conditional(reader: NoteReader) -> None:
    assert values(reader, "Neck pain, worse if he turns his head.")["neck_pain"] is True


# ---- measures ------------------------------------------------------------------------------------------------
def test_a_negated_measure_phrase_without_a_number_gives_nothing(reader: NoteReader) -> None:
    assert "extremity_weakness" not in values(
        reader, "Reflexes absent in both legs; no strength testing."
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("CRP 45 mg/L.", True), ("CRP 0.4 mg/dL.", False), ("ESR 50.", True), ("ESR 12.", False)],
)
def test_a_fact_measured_by_several_quantities(reader: NoteReader, text: str, value: bool) -> None:
    assert values(reader, text)["labs.infection_markers_elevated"] is value


def test_a_test_between_a_study_and_a_date_keeps_the_date() -> None:
    text = "MRI L-spine: probable ALS (EMG 09/10/25)"
    date = (text.index("09/10/25"), len(text) - 1)
    emg = (text.index("EMG"), text.index("EMG") + 3)
    assert attachment_key(text, (0, 3), (0, len(text)), date, [emg]) is None
    assert attachment_key(text, emg, (0, len(text)), date, [emg]) is not None


def test_a_trigger_closing_its_clause_reaches_back_over_a_comma(reader: NoteReader) -> None:
    assert values(reader, "Cord compression, highly likely.")["cord_compression"] == "suspected"
    assert values(reader, "Cord compression, suspected.")["cord_compression"] == "suspected"


def test_a_value_within_limits_says_nothing_for_an_affirm_only_measure(reader: NoteReader) -> None:
    assert values(reader, "Temp 38.9 C.")["infection.signs_symptoms"] is True
    got = values(reader, "Temp 37.1 C.")
    assert got["fever"] is False
    assert "infection.signs_symptoms" not in got


# ---- a duration from the onset -----------------------------------------------------------------------------
def test_an_onset_some_weeks_ago_is_a_duration_of_symptoms(reader: NoteReader) -> None:
    got = values(reader, "Neck pain began 6 weeks ago. PT 4 weeks ago.")
    assert got["symptoms.duration_weeks"] == 6
    assert "conservative_care.active_weeks" not in got


def test_an_any_of_fact_keeps_true_beside_a_denied_sign(reader: NoteReader) -> None:
    assert values(reader, "Wound drainage. No chills.")["infection.signs_symptoms"] is True
    assert values(reader, "No signs of infection.")["infection.signs_symptoms"] is False
    assert values(reader, "Denies chills.")["infection.signs_symptoms"] is False


def test_rule_out_reaches_its_object_not_the_findings_after_it(reader: NoteReader) -> None:
    got = values(
        reader, "MRI to r/o cord compression in a smoker with neck pain and weakness, Tmax 38.9 C."
    )
    assert got["cord_compression"] == "suspected"
    assert got["fever"] is True


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        (
            "Exam: absent reflexes in the arms, weakness of the R deltoid.",
            "extremity_weakness",
            True,
        ),
        ("Possible cord compression, neck pain for a week.", "neck_pain", True),
        ("Possible cord compression, cancer or myelopathy.", "cancer", "suspected"),
        ("Non-tender spine, neck pain.", "neck_pain", True),
        ("Cord compression, favored over cancer.", "cord_compression", "known"),
        ("Findings: favored cancer.", "cancer", "suspected"),
    ],
)
def test_two_way_triggers_stay_in_their_clause(
    reader: NoteReader, text: str, fact: str, value: Any
) -> None:
    assert values(reader, text).get(fact) == value


def test_scheduled_for_is_a_plan_and_a_denial_spans_its_list(reader: NoteReader) -> None:
    assert "emg_ncv.done" not in values(reader, "I have scheduled him for an EMG study.")
    assert values(reader, "She denied any recent chills, neck pain or fever.")["neck_pain"] is False


# ---- imaging of the requested region ---------------------------------------------------------------------------
def test_regions_named_by_a_study() -> None:
    from priorauth.notes.region import regions_in

    assert regions_in("MRI C-spine") == {"cervical"}
    assert regions_in("CT of the chest") == {"chest"}
    assert regions_in("MRI total spine") == {"cervical", "thoracic", "lumbar"}
    assert regions_in("MRI 10/02/2025") == set()


def test_a_prior_study_of_another_region_is_not_the_same_region(reader: NoteReader) -> None:
    text = (
        "CT chest on 10/02/2025 showed a mass. MRI cervical spine on 09/01/2025 showed stenosis. "
        "Plan: MRI cervical spine with contrast."
    )
    assert values(reader, text)["advanced_imaging.same_region_last_date"] == dt.date(2025, 9, 1)


def test_without_a_requested_region_every_study_counts(reader: NoteReader) -> None:
    got = values(reader, "MRI brachial plexus on 10/02/2025 showed a mass.")
    assert got["advanced_imaging.same_region_last_date"] == dt.date(2025, 10, 2)
    # a CT chest shows the thoracic spine: it counts in a note about the spine
    got = values(reader, "CT chest on 10/02/2025 showed a mass in the thoracic spine.")
    assert got["advanced_imaging.same_region_last_date"] == dt.date(2025, 10, 2)
    # not in a note that names no part of the spine (a staging CT chest in a brain or nerve note)
    got = values(reader, "CT chest on 10/02/2025 showed a mass.")
    assert "advanced_imaging.same_region_last_date" not in got


def test_weeks_after_an_event_are_not_a_duration_of_symptoms(reader: NoteReader) -> None:
    assert "symptoms.duration_weeks" not in values(reader, "Neck pain 2 weeks after the fall.")


# ---- imaging reports are not encounters ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "report"),
    [
        ("MRI LUMBAR SPINE WITHOUT AND WITH CONTRAST\nHistory: 52 yo M with leg pain.", True),
        ("EXAM: , MRI of lumbar spine without contrast.,HISTORY:, back pain.", True),
        ("History: back pain.\nTECHNIQUE: sagittal T1 and T2.", True),
        ("MRI L-spine w/o: 61M w/ probable ALS, new L foot drop.", False),
        ("HPI: 52 yo M with neck pain.\nExam: Spurling positive.", False),
    ],
)
def test_imaging_reports(text: str, report: bool) -> None:
    from priorauth.notes.kind import is_imaging_report

    assert is_imaging_report(text) is report


def test_shared_and_unlikely(reader: NoteReader) -> None:
    got = values(reader, "Cancer and cord compression are considered unlikely.")
    assert got["cancer"] == "absent"
    assert got["cord_compression"] == "absent"
    assert (
        values(reader, "Neck pain; cord compression is also in the differential.")[
            "cord_compression"
        ]
        == "suspected"
    )


def test_an_any_of_condition_stays_suspected_beside_an_unlikely_one(reader: NoteReader) -> None:
    got = values(reader, "Possible neurosarcoidosis. Behcet disease considered unlikely.")
    assert got["neuroinflammatory_condition"] == "suspected"


# ---- dated mentions ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("MRI brain 09/30/2025 showed a lesion.", True),
        ("MRI on 08/14/2025 was nonlesional.", True),
        ("Plan: MRI lumbar spine on 11/20/2025.", None),
        ("MRI lumbar spine w/o contrast for radiculopathy.", None),
        ("No prior imaging studies.", False),
    ],
)
def test_a_study_with_a_past_date_was_done(
    reader: NoteReader, text: str, value: bool | None
) -> None:
    assert values(reader, text).get("advanced_imaging.previously_done") == value


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        ("Cord compression must be excluded.", "cord_compression", "suspected"),
        ("EMG will be done in 3 weeks.", "emg_ncv.done", None),
        ("EMG: sensory potentials absent in the legs.", "emg_ncv.done", True),
        ("Hoffmann sign: negative.", "hoffmann_sign", False),
    ],
)
def test_exclusions_plans_and_labels(reader: NoteReader, text: str, fact: str, value: Any) -> None:
    assert values(reader, text).get(fact) == value


def test_a_known_condition_outranks_a_denial_elsewhere(reader: NoteReader) -> None:
    got = values(
        reader, "No evidence of cancer in the lung. Impression: metastatic disease to the spine."
    )
    assert got["cancer"] == "known"


# ---- text exported with commas for line breaks ------------------------------------------------------------------
def test_a_header_glued_to_the_line_before_is_still_a_header(reader: NoteReader) -> None:
    got = values(
        reader, "HPI: Neck pain for a week.,PHYSICAL EXAMINATION:, Hoffmann sign positive."
    )
    assert got["hoffmann_sign"] is True


def test_glued_commas_split_but_numbers_keep_theirs(reader: NoteReader) -> None:
    words = [t.text for t in reader.nlp.make_doc("ambulation.,FINDINGS: C5,6 and 1,000")]
    assert words[:4] == ["ambulation", ".", ",", "FINDINGS"]
    assert "C5,6" in words and "1,000" in words
